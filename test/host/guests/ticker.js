// A long-running guest for benchmarks and multi-activation tests, written against the WIT world:
// it starts timer 1, and each time a timer fires it starts the next one, forever. One activation
// is one activate call and two polls of main (the second reports no progress).
import { pushCommand } from 'temporal:workflow-runtime/workflow-host@0.1.0';
import { activationJobs, readFields, startTimerCommand, oneWorkflowGuest } from './wire.js';

/** WorkflowActivationJob.fire_timer = 2. */
const isFireTimer = (job) => readFields(job).some((f) => f.no === 2);

class WorkflowInstance {
  constructor() {
    this.nextSeq = 1;
    this.due = true;
  }
  activate(activation) {
    const jobs = activationJobs(activation);
    if (jobs.some(isFireTimer)) this.due = true;
    return { jobResults: jobs.map(() => ({ tag: 'none' })) };
  }
  pollRoutine() {
    const madeProgress = this.due;
    if (this.due) {
      pushCommand(startTimerCommand(this.nextSeq++, 1));
      this.due = false;
    }
    return { completion: { tag: 'main', val: { tag: 'blocked' } }, madeProgress };
  }
}

export const workflowGuest = oneWorkflowGuest('ticker', WorkflowInstance);
