// The model's thread: TF.js and every backend live here, so the page's main thread only
// handles input and drawing. Calls are answered in order; a trace's single buffer is
// transferred, not copied.
/// <reference lib="webworker" />

import { ModelSession, type ModelJobResult } from './session';
import { answerCall } from './answerCall';
import type { WorkerRequest, WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);
// One call at a time, in arrival order: TF.js keeps one active backend for the whole thread.
let queue: Promise<void> = Promise.resolve();

const session = new ModelSession({
  onBackendStarting: (preference) => post({ kind: 'backend-starting', preference }),
  onBackendStarted: () => post({ kind: 'backend-started' }),
  // Recover in turn with the calls, so no call runs while its backend is being replaced.
  onDeviceLost: () => (queue = queue.then(() => session.recover()).catch(() => {})),
  onRecovered: (notice) => post({ kind: 'device-lost', notice }),
});

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const call = event.data;
  // A forced device loss stands for an outside event: it happens now, even in the middle
  // of a call (which then recovers), not after the calls queued before it.
  if (call.type === 'loseDevice') return void answer(call);
  queue = queue.then(() => answer(call));
};

async function answer(call: WorkerRequest): Promise<void> {
  try {
    const value = await answerCall(session, call);
    // A trace travels as one buffer, moved to the page rather than copied.
    const transfer = call.type === 'run' ? [(value as ModelJobResult).result.trace.mask.data.buffer] : [];
    post({ kind: 'result', id: call.id, value }, transfer);
  } catch (error) {
    post({ kind: 'error', id: call.id, message: error instanceof Error ? error.message : String(error) });
  }
}

post({ kind: 'ready' });
