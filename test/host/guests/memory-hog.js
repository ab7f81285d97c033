// A guest that allocates without bound in its first poll, as a runaway cache in workflow code
// might: the host's memory cap must stop it, and the task must say it ran out of memory.
import { oneWorkflowGuest } from './wire.js';

const kept = [];

class WorkflowInstance {
  activate() {
    return { jobResults: [{ tag: 'none' }] };
  }
  pollRoutine() {
    for (;;) kept.push(new Uint8Array(1 << 20).fill(kept.length & 0xff));
  }
}

export const workflowGuest = oneWorkflowGuest('hog', WorkflowInstance);
