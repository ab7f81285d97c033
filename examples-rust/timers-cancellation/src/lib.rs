//! Timers and cancellation: a charge activity raced against a deadline timer. Whichever loses is
//! cancelled (RequestCancelActivityTask or CancelTimer), so both outcomes leave a cancel command
//! in the history.
use std::time::Duration;
use temporalio_workflow::common::{ActivityDefinition, data_converters::MultiArgs2};
use temporalio_workflow::{
    ActivityOptions, CancellableFuture, WorkflowContext, WorkflowResult, export_workflow_module,
    select, workflow, workflow_methods,
};

pub struct ChargeCard;

impl ActivityDefinition for ChargeCard {
    type Input = MultiArgs2<String, u32>;
    type Output = String;
    fn name() -> &'static str {
        "chargeCard"
    }
}

#[workflow]
#[derive(Default)]
pub struct ChargeWithDeadline;

#[workflow_methods]
impl ChargeWithDeadline {
    #[run]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        order: (String, u32),
    ) -> WorkflowResult<String> {
        let (order_id, amount_cents) = order;
        // Pinned in place so select! can poll them by reference and the loser can be cancelled.
        let mut charge = std::pin::pin!(ctx.start_activity(
            ChargeCard,
            MultiArgs2(order_id, amount_cents),
            ActivityOptions::start_to_close_timeout(Duration::from_secs(120)),
        ));
        let mut deadline = std::pin::pin!(ctx.timer(Duration::from_secs(300)));
        let charged = select! {
            charged = charge.as_mut() => Some(charged),
            _ = deadline.as_mut() => None,
        };
        match charged {
            Some(charged) => {
                deadline.cancel();
                Ok(charged?)
            }
            None => {
                charge.cancel();
                Ok("timed out".to_string())
            }
        }
    }
}

export_workflow_module!([ChargeWithDeadline]);
