/**
 * Machines for commands that resolve nothing in the workflow: the run's terminal commands,
 * search-attribute upserts, property modifications and patch markers. Each only checks that
 * history recorded the matching event.
 */
import { ET, describeEvent, patchMarkerDetails } from '../events.ts';
import { nondeterminism } from '../errors.ts';
import { Machine, stay, type EventData, type Transitions } from './machine.ts';

interface Spec {
  name: string;
  commandType: string;
  eventType: number;
  /** sdk-core's wording when another event arrives for this machine. */
  unhandled: string;
}

const SPECS = {
  complete: {
    name: 'CompleteWorkflowMachine',
    commandType: 'CompleteWorkflowExecution',
    eventType: ET.WorkflowExecutionCompleted!,
    unhandled: 'Complete workflow machine does not handle this event',
  },
  fail: {
    name: 'FailWorkflowMachine',
    commandType: 'FailWorkflowExecution',
    eventType: ET.WorkflowExecutionFailed!,
    unhandled: 'Fail workflow machine does not handle this event',
  },
  cancel: {
    name: 'CancelWorkflowMachine',
    commandType: 'CancelWorkflowExecution',
    eventType: ET.WorkflowExecutionCanceled!,
    unhandled: 'Cancel workflow machine does not handle this event',
  },
  continueAsNew: {
    name: 'ContinueAsNewWorkflowMachine',
    commandType: 'ContinueAsNewWorkflowExecution',
    eventType: ET.WorkflowExecutionContinuedAsNew!,
    unhandled: 'Continue as new workflow machine does not handle this event',
  },
  upsertSearchAttributes: {
    name: 'UpsertSearchAttributesMachine',
    commandType: 'UpsertWorkflowSearchAttributes',
    eventType: ET.UpsertWorkflowSearchAttributes!,
    unhandled: 'UpsertWorkflowSearchAttributesMachine does not handle',
  },
  modifyProperties: {
    name: 'ModifyWorkflowPropertiesMachine',
    commandType: 'ModifyWorkflowProperties',
    eventType: ET.WorkflowPropertiesModified!,
    unhandled: 'ModifyWorkflowPropertiesMachine does not handle',
  },
} satisfies Record<string, Spec>;

export type SingleCommandKind = keyof typeof SPECS;

export class SingleCommandMachine extends Machine {
  readonly name: string;
  private readonly spec: Spec;
  protected readonly finalStates = new Set(['Recorded']);
  protected buildTransitions() {
    return {
      Created: { Command: stay('Created'), Recorded: stay('Recorded') },
    } satisfies Transitions;
  }

  constructor(readonly kind: SingleCommandKind) {
    super('Created');
    this.spec = SPECS[kind];
    this.name = this.spec.name;
  }

  protected eventInput({ event }: EventData) {
    if (event.eventType === this.spec.eventType) return { input: 'Recorded' };
    throw nondeterminism(
      `${this.spec.unhandled}${this.spec.unhandled.endsWith('event') ? ':' : ''} ${describeEvent(event)}`,
    );
  }

  protected commandInput(type: string) {
    return type === this.spec.commandType ? 'Command' : undefined;
  }
}

/** `patched()` / `deprecatePatch()`: a `core_patch` marker whose id must match. */
export class PatchMachine extends Machine {
  readonly name = 'PatchMachine';
  protected readonly finalStates = new Set(['MarkerCommandRecorded']);
  protected buildTransitions() {
    return {
      MarkerCommandCreated: { CommandRecordMarker: stay('Notified') },
      Notified: {
        MarkerRecorded: (id: string) => {
          if (id !== this.patchId)
            throw nondeterminism(`Change id ${id} does not match expected id ${this.patchId}`);
          return { to: 'MarkerCommandRecorded' };
        },
      },
    } satisfies Transitions;
  }

  constructor(readonly patchId: string) {
    super('MarkerCommandCreated');
  }

  matchesPatch(id: string): boolean {
    return id === this.patchId;
  }

  protected eventInput({ event }: EventData) {
    const details = patchMarkerDetails(event);
    if (details) return { input: 'MarkerRecorded', payload: details.patchId };
    throw nondeterminism(`Change machine cannot handle this event: ${describeEvent(event)}`);
  }

  protected commandInput(type: string) {
    return type === 'RecordMarker' ? 'CommandRecordMarker' : undefined;
  }
}
