//! Versioning, v1 of the same workflow type: v1 waits one minute; v2 changes the wait behind
//! the patch "longer-wait", so v2 replays v1 histories, while a v2 without the patch would not.
use std::time::Duration;
use temporalio_workflow::{
    WorkflowContext, WorkflowResult, export_workflow_module, workflow, workflow_methods,
};

#[workflow]
#[derive(Default)]
pub struct PatchedGreeting;

#[workflow_methods]
impl PatchedGreeting {
    #[run]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        ctx.timer(Duration::from_secs(60)).await;
        Ok(format!("v1 greeted {name}"))
    }
}

export_workflow_module!([PatchedGreeting]);
