//! Child workflows: a batch starts one child per image (its own workflow id and history), waits
//! for all of them, and reports which failed. A child's failure reaches the parent as a
//! `ChildWorkflowExecutionError` carrying the child's own failure as its cause. Same workflow
//! shape, activity type and arguments as examples/child-workflows.
use serde::{Deserialize, Serialize};
use std::time::Duration;
use temporalio_workflow::common::error::ApplicationFailure;
use temporalio_workflow::common::protos::coresdk::child_workflow::ParentClosePolicy;
use temporalio_workflow::common::protos::temporal::api::common::v1::RetryPolicy;
use temporalio_workflow::common::{ActivityDefinition, data_converters::MultiArgs2};
use temporalio_workflow::{
    ActivityOptions, ChildWorkflowOptions, WorkflowContext, WorkflowResult, export_workflow_module,
    join_all, workflow, workflow_methods,
};

pub struct ResizeImage;

impl ActivityDefinition for ResizeImage {
    type Input = MultiArgs2<String, u32>;
    type Output = String;
    fn name() -> &'static str {
        "resizeImage"
    }
}

#[derive(Serialize, Deserialize)]
pub struct BatchResult {
    done: Vec<String>,
    failed: Vec<String>,
}

#[workflow]
#[derive(Default)]
pub struct ThumbnailBatch;

#[workflow_methods]
impl ThumbnailBatch {
    #[run]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        urls: Vec<String>,
    ) -> WorkflowResult<BatchResult> {
        let ctx = &*ctx;
        let batch_id = ctx.workflow_id().to_string();
        let outcomes = join_all(urls.iter().enumerate().map(|(i, url)| {
            let options = ChildWorkflowOptions {
                workflow_id: format!("{batch_id}/image-{i}"),
                parent_close_policy: ParentClosePolicy::RequestCancel,
                ..Default::default()
            };
            async move {
                let child = ctx
                    .start_child_workflow(MakeThumbnails, url.clone(), options)
                    .await?;
                // A failed child is an outcome of the batch, not a failure of it.
                WorkflowResult::Ok((url.clone(), child.result().await.ok()))
            }
        }))
        .await;
        let mut result = BatchResult {
            done: vec![],
            failed: vec![],
        };
        for outcome in outcomes {
            match outcome? {
                (_, Some(thumbnail)) => result.done.push(thumbnail),
                (url, None) => result.failed.push(url),
            }
        }
        Ok(result)
    }
}

/// The child: three sizes of one image.
#[workflow]
#[derive(Default)]
pub struct MakeThumbnails;

#[workflow_methods]
impl MakeThumbnails {
    #[run]
    pub async fn run(ctx: &mut WorkflowContext<Self>, url: String) -> WorkflowResult<String> {
        if !url.starts_with("https://") {
            return Err(
                ApplicationFailure::builder(format!("Not an https URL: {url}"))
                    .type_name("BadUrl".to_string())
                    .non_retryable(true)
                    .build()
                    .into(),
            );
        }
        let mut resized = Vec::new();
        for width in [64, 128, 256] {
            let options = ActivityOptions::with_start_to_close_timeout(Duration::from_secs(300))
                .retry_policy(RetryPolicy {
                    maximum_attempts: 2,
                    ..Default::default()
                })
                .build();
            resized.push(
                ctx.start_activity(ResizeImage, MultiArgs2(url.clone(), width), options)
                    .await?,
            );
        }
        Ok(resized.join(" "))
    }
}

export_workflow_module!([ThumbnailBatch, MakeThumbnails]);
