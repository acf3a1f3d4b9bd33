// The model's thread: TF.js and every backend live here, so the page's main thread only
// handles input and drawing. Calls are answered in order; a trace's single buffer is
// transferred, not copied.
/// <reference lib="webworker" />

import { ModelSession } from './session';
import type { WorkerRequest, WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);
// One call at a time, in arrival order: TF.js keeps one active backend for the whole thread.
let queue: Promise<void> = Promise.resolve();

const session = new ModelSession({
  onBackendStarting: (preference) => post({ kind: 'backend-starting', preference }),
  // Recover in turn with the calls, so no call runs while its backend is being replaced.
  onDeviceLost: () => (queue = queue.then(() => session.recover()).catch(() => {})),
  onRecovered: (notice) => post({ kind: 'device-lost', notice }),
});

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const call = event.data;
  queue = queue.then(() => answer(call));
};

async function answer(call: WorkerRequest): Promise<void> {
  try {
    switch (call.type) {
      case 'run': {
        const value = await session.run(call.job);
        post({ kind: 'result', id: call.id, value }, [value.result.trace.mask.data.buffer]);
        break;
      }
      case 'measure':
        post({ kind: 'result', id: call.id, value: await session.measure(call.backend, call.request, call.runs) });
        break;
      case 'warm':
        await session.warm(call.requests);
        post({ kind: 'result', id: call.id, value: undefined });
        break;
      case 'memory':
        post({ kind: 'result', id: call.id, value: session.memory() });
        break;
      case 'loseDevice':
        post({ kind: 'result', id: call.id, value: session.loseDevice() });
        break;
      case 'scalingProbe':
        post({ kind: 'result', id: call.id, value: await session.scalingProbe(call.backend, call.input) });
        break;
      case 'normsProbe':
        post({ kind: 'result', id: call.id, value: await session.normsProbe(call.backend, call.input) });
        break;
      case 'depthProbe':
        post({ kind: 'result', id: call.id, value: await session.depthProbe(call.backend, call.input) });
        break;
      case 'attentionTiming':
        post({ kind: 'result', id: call.id, value: await session.attentionTiming(call.backend, call.input) });
        break;
      case 'positionProbe':
        post({ kind: 'result', id: call.id, value: await session.positionProbe(call.backend, call.input) });
        break;
    }
  } catch (error) {
    post({ kind: 'error', id: call.id, message: error instanceof Error ? error.message : String(error) });
  }
}
