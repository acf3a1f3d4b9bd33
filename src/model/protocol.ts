// Messages between the page and the model worker.
import type { BackendName, BackendPreference, BackendStatus } from './backendNames';
import type { ForwardRequest } from './trace';
import type {
  AttentionTimingJobResult,
  DepthProbeJobResult,
  DepthTrainingJobResult,
  DeviceLossNotice,
  Measurement,
  MemoryInfo,
  ModelJob,
  ModelJobResult,
  NormsProbeJobResult,
  PositionProbeJobResult,
  LongRangeProbeJobResult,
  ScalingProbeJobResult,
  TrainJobResult,
} from './session';
import type { ScalingProbeInput } from './scalingProbe';
import type { NormsProbeInput } from './normsProbe';
import type { DepthProbeInput } from './depthProbe';
import type { DepthTrainingChunkInput } from './depthTraining';
import type { AttentionTimingInput } from './attentionTiming';
import type { PositionProbeInput } from './positionProbe';
import type { LongRangeProbeInput } from './longRangeProbe';
import type { TrainCallInput, TrainCallResult, TrainDisposeInput } from '../training/trainingCall';

export type WorkerCall =
  | { type: 'run'; job: ModelJob }
  | { type: 'start'; backend: BackendPreference }
  | { type: 'measure'; backend: BackendName; request: ForwardRequest; runs: number }
  | { type: 'warm'; requests: ForwardRequest[] }
  | { type: 'memory' }
  | { type: 'loseDevice' }
  | { type: 'scalingProbe'; backend: BackendPreference; input: ScalingProbeInput }
  | { type: 'normsProbe'; backend: BackendPreference; input: NormsProbeInput }
  | { type: 'depthProbe'; backend: BackendPreference; input: DepthProbeInput }
  | { type: 'depthTraining'; backend: BackendPreference; input: DepthTrainingChunkInput }
  | { type: 'depthTrainingRelease' }
  | { type: 'attentionTiming'; backend: BackendPreference; input: AttentionTimingInput }
  | { type: 'positionProbe'; backend: BackendPreference; input: PositionProbeInput }
  | { type: 'longRangeProbe'; backend: BackendPreference; input: LongRangeProbeInput }
  | { type: 'train'; backend: BackendPreference; input: TrainCallInput }
  | { type: 'trainDispose'; input: TrainDisposeInput };

export interface WorkerCallResults {
  run: ModelJobResult;
  start: BackendStatus;
  measure: Measurement;
  warm: void;
  memory: MemoryInfo;
  loseDevice: boolean;
  scalingProbe: ScalingProbeJobResult;
  normsProbe: NormsProbeJobResult;
  depthProbe: DepthProbeJobResult;
  depthTraining: DepthTrainingJobResult;
  depthTrainingRelease: void;
  attentionTiming: AttentionTimingJobResult;
  positionProbe: PositionProbeJobResult;
  longRangeProbe: LongRangeProbeJobResult;
  train: TrainJobResult;
  trainDispose: void;
}

export type WorkerRequest = WorkerCall & { id: number };

export type WorkerResponse =
  /** The worker's script has loaded and it answers calls. */
  | { kind: 'ready' }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'backend-starting'; preference: BackendPreference }
  | { kind: 'backend-started' }
  | { kind: 'device-lost'; notice: DeviceLossNotice };
