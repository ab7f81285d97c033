/** The server's response to each command type the simulator records, by command type. */
import { requestCancelActivity, scheduleActivity } from './activity.ts';
import { startChildWorkflow } from './child-workflow.ts';
import { requestCancelExternal, signalExternal } from './external.ts';
import type { CommandResponse } from './server.ts';
import {
  cancelWorkflow,
  completeWorkflow,
  continueAsNew,
  failWorkflow,
  modifyProperties,
  recordMarker,
  upsertSearchAttributes,
} from './single-command.ts';
import { cancelTimer, startTimer } from './timer.ts';
import { protocolMessage } from './update.ts';

export const COMMAND_RESPONSES: ReadonlyMap<string, CommandResponse> = new Map(
  Object.entries({
    ScheduleActivityTask: scheduleActivity,
    RequestCancelActivityTask: requestCancelActivity,
    StartTimer: startTimer,
    CancelTimer: cancelTimer,
    RecordMarker: recordMarker,
    StartChildWorkflowExecution: startChildWorkflow,
    SignalExternalWorkflowExecution: signalExternal,
    RequestCancelExternalWorkflowExecution: requestCancelExternal,
    UpsertWorkflowSearchAttributes: upsertSearchAttributes,
    ModifyWorkflowProperties: modifyProperties,
    ProtocolMessage: protocolMessage,
    CompleteWorkflowExecution: completeWorkflow,
    FailWorkflowExecution: failWorkflow,
    CancelWorkflowExecution: cancelWorkflow,
    ContinueAsNewWorkflowExecution: continueAsNew,
  }),
);
