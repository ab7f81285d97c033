// A guest that, like code from a toolchain without a deterministic runtime, reads the wall clock,
// the monotonic clock and random numbers and prints to stdout and stderr, so that componentized
// with those WASI features it imports wasi:clocks, wasi:random and wasi:cli. Its workflow result
// reports what it saw, so a test can compare that with what the host says it answered.
import { activationJobs, jsonPayload, oneWorkflowGuest } from './wire.js';

class WorkflowInstance {
  constructor() {
    this.seen = [];
    this.reported = false;
  }
  activate(activation) {
    console.log(`activate at ${Date.now()}: ${activationJobs(activation).length} job(s)`);
    return { jobResults: activationJobs(activation).map(() => ({ tag: 'none' })) };
  }
  pollRoutine() {
    if (this.reported)
      return { completion: { tag: 'main', val: { tag: 'blocked' } }, madeProgress: false };
    this.reported = true;
    const result = {
      now: Date.now(),
      random: [Math.random(), Math.random()],
      bytes: Array.from(crypto.getRandomValues(new Uint8Array(4))),
    };
    console.log('result', JSON.stringify(result));
    console.error('partial line without newline');
    return {
      completion: {
        tag: 'main',
        val: { tag: 'terminal', val: { tag: 'completed', val: jsonPayload(result) } },
      },
      madeProgress: true,
    };
  }
}

export const workflowGuest = oneWorkflowGuest('wasi-user', WorkflowInstance);
