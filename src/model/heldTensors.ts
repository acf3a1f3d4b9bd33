// Tensors waiting on a device: a readback from a lost WebGL context may never answer, so
// the code that would free them afterwards never runs. Work registers its tensors while it
// waits; when a device is lost, the session frees what was waiting on it.

import { tf } from './tf';

/** Per backend, each waiting tensor with the number of reads that hold it. */
const waiting = new Map<string, Map<tf.Tensor, number>>();

/** Run `read` with these tensors registered as waiting on the active backend. */
export async function whileWaiting<T>(tensors: tf.Tensor[], read: () => Promise<T>): Promise<T> {
  const backend = tf.getBackend();
  let held = waiting.get(backend);
  if (!held) waiting.set(backend, (held = new Map()));
  for (const tensor of tensors) held.set(tensor, (held.get(tensor) ?? 0) + 1);
  try {
    return await read();
  } finally {
    for (const tensor of tensors) {
      const count = (held.get(tensor) ?? 1) - 1;
      if (count > 0) held.set(tensor, count);
      else held.delete(tensor);
    }
  }
}

/** Free every tensor still waiting on a backend whose device was lost; returns how many. */
export function freeWaiting(backend: string): number {
  const held = waiting.get(backend);
  waiting.delete(backend);
  if (!held) return 0;
  const tensors = [...held.keys()].filter((tensor) => !tensor.isDisposed);
  try {
    tf.dispose(tensors);
  } catch {
    // A dead device may refuse to free; the backend goes away with its memory anyway.
  }
  return tensors.length;
}
