//! One activity call: the first workflow task schedules `composeGreeting`, the second (after
//! ActivityTaskCompleted) completes the run with its result. Same activity type and arguments as
//! examples/hello-activity, so its activities.ts can run it.
use std::time::Duration;
use temporalio_workflow::common::{ActivityDefinition, data_converters::MultiArgs2};
use temporalio_workflow::{
    ActivityOptions, WorkflowContext, WorkflowResult, export_workflow_module, workflow,
    workflow_methods,
};

/// Declared here, implemented by whatever worker runs activities (the playground's simulator).
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
pub struct GreetWithActivity;

#[workflow_methods]
impl GreetWithActivity {
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

export_workflow_module!([GreetWithActivity]);
