// One call of the protocol answered by a session: the model worker answers its messages
// with it, and so does the page when the model runs on the main thread instead.

import type { ModelSession } from './session';
import type { WorkerCall, WorkerCallResults } from './protocol';

export async function answerCall<T extends WorkerCall>(session: ModelSession, call: T): Promise<WorkerCallResults[T['type']]> {
  return (await answerAny(session, call)) as WorkerCallResults[T['type']];
}

function answerAny(session: ModelSession, call: WorkerCall): Promise<unknown> | unknown {
  switch (call.type) {
    case 'run':
      return session.run(call.job);
    case 'start':
      return session.start(call.backend);
    case 'measure':
      return session.measure(call.backend, call.request, call.runs);
    case 'warm':
      return session.warm(call.requests);
    case 'memory':
      return session.memory();
    case 'loseDevice':
      return session.loseDevice();
    case 'scalingProbe':
      return session.scalingProbe(call.backend, call.input);
    case 'normsProbe':
      return session.normsProbe(call.backend, call.input);
    case 'depthProbe':
      return session.depthProbe(call.backend, call.input);
    case 'depthTraining':
      return session.depthTraining(call.backend, call.input);
    case 'depthTrainingRelease':
      return session.depthTrainingRelease();
    case 'attentionTiming':
      return session.attentionTiming(call.backend, call.input);
    case 'positionProbe':
      return session.positionProbe(call.backend, call.input);
    case 'longRangeProbe':
      return session.longRangeProbe(call.backend, call.input);
    case 'train':
      return session.train(call.backend, call.input);
    case 'trainDispose':
      return session.trainDispose(call.input);
  }
}
