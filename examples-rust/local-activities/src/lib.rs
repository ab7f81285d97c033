//! Local activities: short steps run by the workflow's own worker and recorded as markers in the
//! same workflow task instead of being scheduled through the server. A retry backoff longer than
//! the timer threshold becomes a workflow timer. Same activity types and arguments as
//! examples/local-activities.
use serde::{Deserialize, Serialize};
use std::time::Duration;
use temporalio_workflow::common::error::ApplicationFailure;
use temporalio_workflow::common::protos::temporal::api::common::v1::RetryPolicy;
use temporalio_workflow::common::{ActivityDefinition, data_converters::MultiArgs2};
use temporalio_workflow::{
    LocalActivityOptions, WorkflowContext, WorkflowResult, export_workflow_module, workflow,
    workflow_methods,
};

pub struct ValidateAddress;

impl ActivityDefinition for ValidateAddress {
    type Input = String;
    type Output = bool;
    fn name() -> &'static str {
        "validateAddress"
    }
}

pub struct PriceShipment;

impl ActivityDefinition for PriceShipment {
    type Input = MultiArgs2<u32, bool>;
    type Output = u32;
    fn name() -> &'static str {
        "priceShipment"
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    address: String,
    price_cents: u32,
}

#[workflow]
#[derive(Default)]
pub struct QuoteShipment;

#[workflow_methods]
impl QuoteShipment {
    /// `(address, weight in grams, express)`.
    #[run]
    pub async fn run(
        ctx: &mut WorkflowContext<Self>,
        shipment: (String, u32, bool),
    ) -> WorkflowResult<Quote> {
        let (address, weight_grams, express) = shipment;
        let options = LocalActivityOptions {
            start_to_close_timeout: Some(Duration::from_secs(5)),
            timer_backoff_threshold: Some(Duration::from_secs(10)),
            retry_policy: RetryPolicy {
                maximum_attempts: 4,
                ..Default::default()
            },
            ..Default::default()
        };
        let valid = ctx
            .start_local_activity(ValidateAddress, address.clone(), options.clone())
            .await?;
        if !valid {
            return Err(
                ApplicationFailure::builder(format!("Cannot ship to \"{address}\""))
                    .type_name("InvalidAddress".to_string())
                    .non_retryable(true)
                    .build()
                    .into(),
            );
        }
        let price_cents = ctx
            .start_local_activity(PriceShipment, MultiArgs2(weight_grams, express), options)
            .await?;
        Ok(Quote {
            address,
            price_cents,
        })
    }
}

export_workflow_module!([QuoteShipment]);
