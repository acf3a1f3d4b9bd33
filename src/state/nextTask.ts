// A new task of the page's event loop, reached through a message to ourselves: a zero timeout
// would do the same, but browsers hold a chain of them to 4 ms apiece.

/** Run the callback in a new task. */
export function onNextTask(callback: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => callback();
  channel.port2.postMessage(null);
}

/** A promise resolved in a new task. */
export const nextTask = (): Promise<void> => new Promise((resolve) => onNextTask(resolve));
