// A guest whose memory grows on every activation, for checkpoint tests: `ticker`'s timers, and on
// each it also keeps a new block of bytes drawn from the timer's seq. The next timer's duration is
// a checksum of all it keeps, so a wrong byte anywhere shows.
import { pushCommand } from 'temporal:workflow-runtime/workflow-host@0.1.0';
import { workflowGuest as ticker } from './ticker.js';
import { oneWorkflowGuest, startTimerCommand } from './wire.js';

/** Enough to grow the guest's heap every activation or two. */
const BLOCK_BYTES = 640 * 1024;

class WorkflowInstance extends ticker.WorkflowInstance {
  kept = [];

  pollRoutine() {
    const madeProgress = this.due;
    if (this.due) {
      const block = new Uint8Array(BLOCK_BYTES);
      let x = this.nextSeq;
      for (let i = 0; i < block.length; i += 97)
        block[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
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
