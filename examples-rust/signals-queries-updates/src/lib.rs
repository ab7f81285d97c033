//! Signals, queries and updates: an expense waits for an `approve` signal (or a `decide` update,
//! which rejects a second decision in its validator); `status` is a query.
use temporalio_workflow::{
    SyncWorkflowContext, WorkflowContext, WorkflowContextView, WorkflowResult,
    export_workflow_module, workflow, workflow_methods,
};

#[workflow]
#[derive(Default)]
pub struct ExpenseApproval {
    state: String,
    decided_by: Option<String>,
}

#[workflow_methods]
impl ExpenseApproval {
    #[init]
    pub fn new(_ctx: &WorkflowContextView, _expense_id: String) -> Self {
        Self {
            state: "waiting".to_string(),
            decided_by: None,
        }
    }

    #[run]
    pub async fn run(ctx: &mut WorkflowContext<Self>) -> WorkflowResult<String> {
        ctx.wait_condition(|s| s.state != "waiting").await;
        Ok(ctx.state(|s| {
            format!(
                "{} by {}",
                s.state,
                s.decided_by.clone().unwrap_or_default()
            )
        }))
    }

    #[signal]
    pub fn approve(&mut self, _ctx: &mut SyncWorkflowContext<Self>, approver: String) {
        if self.state == "waiting" {
            self.state = "approved".to_string();
            self.decided_by = Some(approver);
        }
    }

    #[update_validator(decide)]
    pub fn validate_decide(
        &self,
        _ctx: &WorkflowContextView,
        _decision: &(String, String),
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if self.state == "waiting" {
            Ok(())
        } else {
            Err(format!("already {}", self.state).into())
        }
    }

    #[update]
    pub fn decide(
        &mut self,
        _ctx: &mut SyncWorkflowContext<Self>,
        decision: (String, String),
    ) -> String {
        let (state, who) = decision;
        self.state = state;
        self.decided_by = Some(who);
        self.state.clone()
    }

    #[query]
    pub fn status(&self, _ctx: &WorkflowContextView) -> String {
        self.state.clone()
    }
}

export_workflow_module!([ExpenseApproval]);
