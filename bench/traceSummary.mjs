// Summarises a Chrome trace (browser.startTracing) of a drag: where the page's main thread
// and the model worker spent their time. Durations of nested events overlap (a FunctionCall
// includes the GC inside it), so the per-name sums are inclusive and do not add up.

/** Trace categories that carry the main thread's tasks, rendering steps, scripts and GCs. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'];

const NAMES = ['FunctionCall', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'MinorGC', 'MajorGC'];

/** @param {Buffer} buffer the trace as stopTracing returned it */
export function summariseTrace(buffer) {
  const parsed = JSON.parse(buffer.toString('utf8'));
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const threadNames = new Map();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name') threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
  }
  // The thread whose name is given, with the most tasks (the page's renderer, not another).
  const busiest = (name) => {
    const counts = new Map();
    for (const event of events) {
      const thread = `${event.pid}:${event.tid}`;
      if (event.name === 'RunTask' && threadNames.get(thread) === name) counts.set(thread, (counts.get(thread) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  const main = busiest('CrRendererMain');
  const worker = busiest('DedicatedWorker thread');
  const ms = (microseconds) => Math.round(microseconds / 100) / 10;
  const tasks = (thread) => events.filter((event) => event.ph === 'X' && event.name === 'RunTask' && `${event.pid}:${event.tid}` === thread);
  const mainTasks = tasks(main).map((event) => event.dur);
  const byName = {};
  for (const name of NAMES) {
    const total = events
      .filter((event) => event.ph === 'X' && event.name === name && `${event.pid}:${event.tid}` === main)
      .reduce((sum, event) => sum + event.dur, 0);
    byName[name] = ms(total);
  }
  return {
    mainBusyMs: ms(mainTasks.reduce((sum, dur) => sum + dur, 0)),
    mainTasksOver16ms: mainTasks.filter((dur) => dur > 16_700).length,
    mainTasksOver33ms: mainTasks.filter((dur) => dur > 33_300).length,
    mainLongestTaskMs: ms(Math.max(0, ...mainTasks)),
    workerBusyMs: worker ? ms(tasks(worker).reduce((sum, event) => sum + event.dur, 0)) : null,
    mainByNameMs: byName,
  };
}
