//! Versioning gone wrong: v3 of PatchedGreeting replaces v1's timer with an activity and forgets
//! the patch, so replaying a v1 history finds ScheduleActivityTask where TimerStarted was
//! recorded: nondeterminism.
use std::time::Duration;
use temporalio_workflow::common::{ActivityDefinition, data_converters::MultiArgs2};
use temporalio_workflow::{
    ActivityOptions, WorkflowContext, WorkflowResult, export_workflow_module, workflow,
    workflow_methods,
};

pub struct ComposeGreeting;

impl ActivityDefinition for ComposeGreeting {
    type Input = MultiArgs2<String, String>;
    type Output = String;
    fn name() -> &'static str {
        "composeGreeting"
    }
}

#[workflow]
#[derive(Default)]
pub struct PatchedGreeting;

#[workflow_methods]
impl PatchedGreeting {
    #[run]
    pub async fn run(ctx: &mut WorkflowContext<Self>, name: String) -> WorkflowResult<String> {
        let greeting = ctx
            .start_activity(
                ComposeGreeting,
                MultiArgs2("Hello".to_string(), name),
                ActivityOptions::start_to_close_timeout(Duration::from_secs(60)),
            )
            .await?;
        Ok(greeting)
    }
}

export_workflow_module!([PatchedGreeting]);
