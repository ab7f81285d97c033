// A guest whose list-workflows never returns: loading it must be stopped by the watchdog too.
export const workflowGuest = {
  listWorkflows() {
    for (let i = 0; ; i++) if (i < 0) break;
    return [];
  },
  instantiateWorkflow() {
    throw { payload: new Uint8Array() };
  },
  WorkflowInstance: class WorkflowInstance {},
};
