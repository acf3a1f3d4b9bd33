// The model's message-shaped entry point: a job (backend wish + forward request) in,
// a result out. Today it runs on the main thread; its interface is what a Web Worker
// would expose, so moving it there changes no caller.

import { tf } from './tf';
import { selectBackend, type BackendPreference, type BackendStatus } from './backends';
import { TransformerModel, type ForwardResult } from './transformer';
import type { ForwardRequest } from './trace';

export interface ModelJob {
  backend: BackendPreference;
  request: ForwardRequest;
}

export interface ModelJobResult {
  result: ForwardResult;
  backend: BackendStatus;
}

export class ModelSession {
  private readonly model = new TransformerModel();
  private backendStatus: BackendStatus | null = null;
  private backendPreference: BackendPreference | null = null;

  constructor(private readonly onBackendStarting: (preference: BackendPreference) => void = () => {}) {}

  async run(job: ModelJob): Promise<ModelJobResult> {
    const backend = await this.ensureBackend(job.backend);
    const result = await this.model.forward(job.request);
    return { result, backend };
  }

  /** Tensors alive now (weights included): flat across forward passes. */
  tensorCount(): number {
    return tf.memory().numTensors;
  }

  private async ensureBackend(preference: BackendPreference): Promise<BackendStatus> {
    if (this.backendStatus && this.backendPreference === preference) return this.backendStatus;
    this.onBackendStarting(preference);
    this.model.dispose(); // weight tensors belong to the old backend
    this.backendStatus = await selectBackend(preference);
    this.backendPreference = preference;
    return this.backendStatus;
  }
}
