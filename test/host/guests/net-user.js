// A guest that calls fetch(): componentized with the http feature it imports wasi:http, which the
// host must refuse. The workflow completes with whatever fetch did, so the test sees the refusal
// from the guest's side too.
import { jsonPayload, oneWorkflowGuest } from './wire.js';

class WorkflowInstance {
  constructor() {
    this.outcome = undefined;
    this.started = false;
  }
  activate() {
    return { jobResults: [{ tag: 'none' }] };
  }
  pollRoutine() {
    if (!this.started) {
      this.started = true;
      fetch('http://example.com/').then(
        (response) => (this.outcome = `status ${response.status}`),
        (error) => (this.outcome = `error: ${error}`),
      );
      return { completion: { tag: 'main', val: { tag: 'blocked' } }, madeProgress: true };
    }
    if (this.outcome === undefined)
      return { completion: { tag: 'main', val: { tag: 'blocked' } }, madeProgress: false };
    return {
      completion: {
        tag: 'main',
        val: { tag: 'terminal', val: { tag: 'completed', val: jsonPayload(this.outcome) } },
      },
      madeProgress: true,
    };
  }
}

export const workflowGuest = oneWorkflowGuest('net-user', WorkflowInstance);
