// "Export numbers": the whole forward pass as one JSON document a student can load in a
// notebook: np.array(t["data"]).reshape(t["shape"]).

import type { ModelConfig } from '../model/config';
import { headWidth, MASK_VALUE, POSITIONAL_BASE, LAYER_NORM_EPSILON } from '../model/config';
import { listTraceTensors, type ForwardTrace, type NumberArray } from '../model/trace';
import { listWeights, type ModelWeights } from '../model/weights';
import type { BackendStatus } from '../model/backendNames';

export const EXPORT_FORMAT = 'qkv-lab-trace';
export const EXPORT_VERSION = 1;

export interface ExportedTensor {
  shape: number[];
  /** Row-major values; non-finite values (overflow) are written as null. */
  data: (number | null)[];
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: number;
  createdAt: string;
  description: string;
  config: ModelConfig & { dK: number; dFF: number; positionalBase: number; maskValue: number; layerNormEpsilon: number };
  backend: { name: string; adapter: string; precision: string };
  text: string;
  tokens: string[];
  isPadding: boolean[];
  /** Where trained weights came from (the playground's trained model); absent for seeded weights. */
  weightsSource?: string;
  weights: Record<string, ExportedTensor>;
  trace: Record<string, ExportedTensor>;
}

const toPlain = (shape: number[], data: NumberArray): ExportedTensor => ({
  shape,
  data: Array.from(data, (value) => (Number.isFinite(value) ? value : null)),
});

export function buildExport(args: {
  config: ModelConfig;
  text: string;
  tokens: string[];
  isPadding: boolean[];
  trace: ForwardTrace;
  weights: ModelWeights;
  backend: BackendStatus;
}): ExportDocument {
  const { config } = args;
  const trace: Record<string, ExportedTensor> = {};
  for (const { name, tensor } of listTraceTensors(args.trace)) trace[name] = toPlain(tensor.shape, tensor.data);
  const weights: Record<string, ExportedTensor> = {};
  for (const { name, shape, data } of listWeights(args.weights)) weights[name] = toPlain(shape, data);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    createdAt: new Date().toISOString(),
    description:
      'Pre-LayerNorm transformer. Matrices are row-major and applied as x·W. Per-head tensors are [heads, n, ...]. ' +
      'mask: 1 = may attend, 0 = masked (maskValue added to the score). A trained model also has embeddingTable (rows in token order 0-9), ' +
      'readoutWeights and readoutBias, and trace.prediction = softmax(finalNorm.output·readoutWeights + readoutBias). ' +
      'Load with numpy: np.array(t["data"]).reshape(t["shape"]).',
    config: {
      ...config,
      dK: headWidth(config),
      dFF: args.weights.dFF,
      positionalBase: POSITIONAL_BASE,
      maskValue: MASK_VALUE,
      layerNormEpsilon: LAYER_NORM_EPSILON,
    },
    backend: { name: args.backend.name, adapter: args.backend.adapter, precision: args.backend.precision },
    text: args.text,
    tokens: args.tokens,
    isPadding: args.isPadding,
    ...(args.weights.source ? { weightsSource: args.weights.source } : {}),
    weights,
    trace,
  };
}

/** Offer the document as a file download. */
export function downloadJson(document_: ExportDocument, fileName: string): void {
  const blob = new Blob([JSON.stringify(document_)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
