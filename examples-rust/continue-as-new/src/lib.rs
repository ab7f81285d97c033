//! Continue-as-new: a feed poller that would run forever. Every ten polls it continues as new,
//! carrying its cursor and count in its input, so no history grows without bound; it continues
//! early when the server suggests it. Same activity type and arguments as examples/continue-as-new.
use std::time::Duration;
use temporalio_workflow::common::{ActivityDefinition, data_converters::MultiArgs2};
use temporalio_workflow::{
    ActivityOptions, ContinueAsNewOptions, WorkflowContext, WorkflowResult, export_workflow_module,
    workflow, workflow_methods,
};

pub struct FetchNewEntries;

impl ActivityDefinition for FetchNewEntries {
    type Input = MultiArgs2<String, u64>;
    type Output = Vec<u64>;
    fn name() -> &'static str {
        "fetchNewEntries"
    }
}

const POLLS_PER_RUN: usize = 10;

#[workflow]
#[derive(Default)]
pub struct FeedPoller;

#[workflow_methods]
impl FeedPoller {
    /// `(feed, cursor, processed)`: one payload, so the next run's input is this run's state.
    #[run]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        state: (String, u64, u64),
    ) -> WorkflowResult<()> {
        let (feed, mut cursor, mut processed) = state;
        for _ in 0..POLLS_PER_RUN {
            let entries = ctx
                .start_activity(
                    FetchNewEntries,
                    MultiArgs2(feed.clone(), cursor),
                    ActivityOptions::start_to_close_timeout(Duration::from_secs(30)),
                )
                .await?;
            processed += entries.len() as u64;
            cursor = entries.into_iter().fold(cursor, u64::max);
            if ctx.continue_as_new_suggested() {
                break;
            }
            ctx.timer(Duration::from_secs(600)).await;
        }
        // Always an Err (the continue-as-new termination), which ends this run.
        match ctx.continue_as_new(&(feed, cursor, processed), ContinueAsNewOptions::default())? {}
    }
}

export_workflow_module!([FeedPoller]);
