// A guest whose memory grows on every activation, for checkpoint tests: like `ticker` it starts
// the next timer each time one fires, and it also keeps a new block of bytes drawn from the timer's
// seq. The next timer's duration is a checksum of all it keeps, so a wrong byte anywhere shows.
import { pushCommand } from 'temporal:workflow-runtime/workflow-host@0.1.0';
import { activationJobs, readFields, startTimerCommand, oneWorkflowGuest } from './wire.js';

/** WorkflowActivationJob.fire_timer = 2. */
const isFireTimer = (job) => readFields(job).some((f) => f.no === 2);
/** Enough to grow the guest's heap every activation or two. */
const BLOCK_BYTES = 640 * 1024;

class WorkflowInstance {
  constructor() {
    this.nextSeq = 1;
    this.due = true;
    this.kept = [];
  }
  activate(activation) {
    const jobs = activationJobs(activation);
    if (jobs.some(isFireTimer)) this.due = true;
    return { jobResults: jobs.map(() => ({ tag: 'none' })) };
  }
  pollRoutine() {
    const madeProgress = this.due;
    if (this.due) {
      const block = new Uint8Array(BLOCK_BYTES);
      let x = this.nextSeq * 2654435761;
      for (let i = 0; i < block.length; i += 97)
        block[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      this.kept.push(block);
      let sum = 0;
      for (const kept of this.kept)
        for (let i = 0; i < kept.length; i += 97) sum = (sum + kept[i]) % 1000;
      pushCommand(startTimerCommand(this.nextSeq++, sum + 1));
      this.due = false;
    }
    return { completion: { tag: 'main', val: { tag: 'blocked' } }, madeProgress };
  }
}

export const workflowGuest = oneWorkflowGuest('grower', WorkflowInstance);
