// A guest written directly against the WIT world (no SDK) whose workflow types each misbehave in
// one way, so the host's handling of every failure mode is tested with a real component. The
// behaviour is chosen by the workflow type in InitializeWorkflow.
import { pushCommand, setCurrentDetails } from 'temporal:workflow-runtime/workflow-host@0.1.0';
import { activationJobs, failure, jsonPayload, workflowTypeOf, plainWorkflow } from './wire.js';

const none = (activation) => ({
  jobResults: activationJobs(activation).map(() => ({ tag: 'none' })),
});
const blocked = (madeProgress) => ({
  completion: { tag: 'main', val: { tag: 'blocked' } },
  madeProgress,
});
const terminal = (outcome) => ({
  completion: { tag: 'main', val: { tag: 'terminal', val: outcome } },
  madeProgress: true,
});
const spin = () => {
  for (let i = 0; ; i++) if (i < 0) break;
};

/** activate(activation) and poll(instance) for each workflow type; defaults complete at once. */
const BEHAVIOURS = {
  completes: {},
  // componentize-js turns a thrown plain Error into `err` with an empty failure payload.
  'throws-in-activate': {
    activate() {
      throw new Error('boom in activate');
    },
  },
  'fails-activate': {
    activate() {
      throw {
        payload: failure('the guest refused this activation', 'at refuse (misbehaving.js:1:1)'),
      };
    },
  },
  'fails-task': {
    poll: () => ({
      completion: {
        tag: 'main',
        val: {
          tag: 'task-failed',
          val: { failure: failure('guest failed the task'), forceCause: 24 },
        },
      },
      madeProgress: true,
    }),
  },
  'fails-workflow': {
    poll: () => terminal({ tag: 'failed', val: failure('the workflow failed') }),
  },
  'wrong-job-count': { activate: () => ({ jobResults: [] }) },
  'extra-job-results': {
    activate: (activation) => ({ jobResults: [...none(activation).jobResults, { tag: 'none' }] }),
  },
  'bad-command-bytes': {
    poll(instance) {
      pushCommand(Uint8Array.of(0x0a, 0xff, 0xff));
      return instance.done();
    },
  },
  'bad-result-bytes': {
    poll: () => terminal({ tag: 'completed', val: Uint8Array.of(0x12, 0x40, 0x01) }),
  },
  'bad-failure-bytes': { poll: () => terminal({ tag: 'failed', val: Uint8Array.of(0xff) }) },
  // A result the bindings cannot lower: componentize-js traps (wasm `unreachable`).
  'traps-in-activate': { activate: () => ({ jobResults: [{ tag: 'no-such-case' }] }) },
  'traps-in-poll': { poll: () => ({ completion: { tag: 'no-such-case' }, madeProgress: true }) },
  'loops-in-activate': {
    activate() {
      spin();
    },
  },
  'loops-in-poll': {
    poll() {
      spin();
    },
  },
  'progress-forever': { poll: () => blocked(true) },
  // Completes with how many workflows this component instance has started: 1 in a fresh instance.
  'counts-instances': {
    poll: (instance) =>
      instance.finished
        ? blocked(false)
        : ((instance.finished = true), terminal({ tag: 'completed', val: jsonPayload(started) })),
  },
  'fails-to-instantiate': {},
};

// Module state: it survives from one workflow to the next only if an instance is reused.
let started = 0;

class WorkflowInstance {
  constructor(type) {
    this.type = type;
    this.behaviour = BEHAVIOURS[type];
    this.finished = false;
  }
  done() {
    if (this.finished) return blocked(false);
    this.finished = true;
    return terminal({ tag: 'completed', val: jsonPayload(`${this.type} done`) });
  }
  activate(activation) {
    setCurrentDetails(`activated as ${this.type}`);
    return (this.behaviour.activate ?? none)(activation);
  }
  pollRoutine(routineId) {
    if (routineId !== 0n) throw { payload: failure(`no routine ${routineId}`) };
    return (this.behaviour.poll ?? ((instance) => instance.done()))(this);
  }
}

export const workflowGuest = {
  listWorkflows: () => Object.keys(BEHAVIOURS).map((workflowType) => plainWorkflow(workflowType)),
  instantiateWorkflow(init) {
    const type = workflowTypeOf(init.initializeWorkflow);
    if (type === 'fails-to-instantiate' || !BEHAVIOURS[type])
      throw { payload: failure(`cannot start workflow type ${JSON.stringify(type)}`) };
    started++;
    return new WorkflowInstance(type);
  },
  WorkflowInstance,
};
