//! check-host-upstream: replays histories with a workflow component under Temporal's own host
//! (temporalio-sdk's `WasmWorkflowComponent` on wasmtime, driven by sdk-core's replay worker) and
//! prints every host-guest call and what sdk-core made of the run, as JSON.
//!
//! stdin:  {"component": "C.wasm", "buildId": "b", "timeoutMs": 60000,
//!          "histories": [{"path": "h.binpb", "workflowId": "wf", "taskQueue": "q"}]}
//!         (each history a binary `temporal.api.history.v1.History`)
//! stdout: {"histories": [{"calls": [...], "activations": [...], "completions": [...]}]}
//!
//! Protos travel as base64 of their binary encoding, so the caller decodes them with its own
//! schema and compares decoded values. The calls are observed by the hook upstream-trace.patch
//! adds to the published crate (README.md says why a patch): it wraps the `WorkflowHost` the guest's
//! imports call and the `WorkflowInstance` the sdk's driver calls, and only records.

use std::{
    cell::RefCell,
    collections::{HashMap, hash_map::Entry},
    io::Read,
    panic::{AssertUnwindSafe, catch_unwind, resume_unwind},
    rc::Rc,
    sync::{Arc, Mutex},
    task::Waker,
    time::Duration,
};

use anyhow::{Context, anyhow};
use base64::{Engine as _, engine::general_purpose::STANDARD as B64};
use prost::Message;
use serde_json::{Value, json};
use temporalio_common::{
    protos::{
        coresdk::{
            workflow_activation::{InitializeWorkflow, WorkflowActivation as CoreActivation},
            workflow_commands::WorkflowCommand,
            workflow_completion::WorkflowActivationCompletion,
        },
        temporal::api::history::v1::History,
    },
    worker::WorkerTaskTypes,
};
use temporalio_sdk::{
    WasmCallTracer, WasmWorkflowComponent, Worker, WorkerOptions, interceptors::WorkerInterceptor,
    set_wasm_call_tracer,
};
use temporalio_sdk_core::{
    WorkerConfig, WorkerVersioningStrategy, init_replay_worker,
    replay::{HistoryForReplay, ReplayWorkerInput},
};
use temporalio_workflow::runtime::{
    guest::WorkflowInstance,
    host::WorkflowHost,
    types::{
        ActivationJobResult, ActivationResult, MainRoutineCompletion, RoutineCompletion, RoutineId,
        RoutineKind, RoutinePollResult, TerminalOutcome, UpdateRoutineCompletion,
        WorkflowActivation, WorkflowFailure,
    },
};

const NAMESPACE: &str = "default";

/// Everything recorded for the history being replayed; the tracer and the interceptor append.
#[derive(Default)]
struct Record {
    calls: Vec<Value>,
    activations: Vec<Value>,
    completions: Vec<Value>,
}

type Shared = Arc<Mutex<Record>>;

fn b64(message: &impl Message) -> Value {
    Value::String(B64.encode(message.encode_to_vec()))
}

fn failure(f: &WorkflowFailure) -> Value {
    b64(f.as_ref())
}

fn push(record: &Shared, call: Value) -> usize {
    let mut r = record.lock().unwrap();
    r.calls.push(call);
    r.calls.len() - 1
}

fn set_result(record: &Shared, index: usize, result: Value) {
    record.lock().unwrap().calls[index]["result"] = result;
}

/// Runs `f`, recording a panic (then re-raising it, so the driver sees what it would have).
fn observed<T>(record: &Shared, index: usize, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(panic) => {
            let text = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            set_result(record, index, json!({ "panic": text }));
            resume_unwind(panic)
        }
    }
}

struct Tracer(Shared);

impl WasmCallTracer for Tracer {
    fn instantiating(
        &self,
        namespace: &str,
        task_queue: &str,
        run_id: &str,
        init: &InitializeWorkflow,
    ) {
        push(
            &self.0,
            json!({
                "call": "instantiate-workflow",
                "namespace": namespace,
                "taskQueue": task_queue,
                "runId": run_id,
                "initializeWorkflow": b64(init),
            }),
        );
    }

    fn instantiated(&self, error: Option<&anyhow::Error>) {
        let mut r = self.0.lock().unwrap();
        let last = r.calls.len() - 1;
        r.calls[last]["result"] = match error {
            None => json!({ "ok": null }),
            Some(e) => json!({ "error": format!("{e:#}") }),
        };
    }

    fn wrap_host(&self, host: Rc<dyn WorkflowHost>) -> Rc<dyn WorkflowHost> {
        Rc::new(TracedHost {
            inner: host,
            record: self.0.clone(),
        })
    }

    fn wrap_instance(&self, instance: Box<dyn WorkflowInstance>) -> Box<dyn WorkflowInstance> {
        Box::new(TracedInstance {
            inner: RefCell::new(instance),
            record: self.0.clone(),
        })
    }
}

struct TracedHost {
    inner: Rc<dyn WorkflowHost>,
    record: Shared,
}

impl WorkflowHost for TracedHost {
    fn set_current_details(&self, details: String) {
        push(
            &self.record,
            json!({ "call": "set-current-details", "details": details }),
        );
        self.inner.set_current_details(details);
    }

    fn push_command(&self, command: WorkflowCommand) {
        push(
            &self.record,
            json!({ "call": "push-command", "command": b64(&command) }),
        );
        self.inner.push_command(command);
    }
}

struct TracedInstance {
    inner: RefCell<Box<dyn WorkflowInstance>>,
    record: Shared,
}

impl WorkflowInstance for TracedInstance {
    fn activate(
        &mut self,
        activation: WorkflowActivation,
    ) -> Result<ActivationResult, WorkflowFailure> {
        let index = push(
            &self.record,
            json!({ "call": "activate", "activation": b64(&activation) }),
        );
        let result = observed(&self.record, index, || {
            self.inner.borrow_mut().activate(activation)
        });
        set_result(
            &self.record,
            index,
            match &result {
                Ok(r) => {
                    json!({ "ok": { "jobResults": r.job_results.iter().map(job_result).collect::<Vec<_>>() } })
                }
                Err(f) => json!({ "err": failure(f) }),
            },
        );
        result
    }

    fn poll_routine(
        &mut self,
        routine_id: RoutineId,
        waker: &Waker,
    ) -> Result<RoutinePollResult, WorkflowFailure> {
        let index = push(
            &self.record,
            json!({ "call": "poll-routine", "routineId": routine_id }),
        );
        let result = observed(&self.record, index, || {
            self.inner.borrow_mut().poll_routine(routine_id, waker)
        });
        set_result(
            &self.record,
            index,
            match &result {
                Ok(r) => json!({ "ok": {
                    "completion": r.completion.as_ref().map(routine_completion),
                    "madeProgress": r.made_progress,
                } }),
                Err(f) => json!({ "err": failure(f) }),
            },
        );
        result
    }
}

/// The WIT `activation-job-result`, shaped as jco shapes it (bytes as base64).
fn job_result(r: &ActivationJobResult) -> Value {
    match r {
        ActivationJobResult::None => json!({ "tag": "none" }),
        ActivationJobResult::StartedRoutine(s) => json!({
            "tag": "started-routine",
            "val": {
                "routineId": s.routine_id,
                "kind": match &s.kind {
                    RoutineKind::Main => json!({ "tag": "main" }),
                    RoutineKind::Signal(name) => json!({ "tag": "signal", "val": name }),
                    RoutineKind::Update(u) => json!({ "tag": "update", "val": {
                        "name": u.name, "updateId": u.update_id, "protocolInstanceId": u.protocol_instance_id,
                    } }),
                },
            },
        }),
        ActivationJobResult::QueryResponse(q) => json!({
            "tag": "query-response",
            "val": { "response": match &q.result {
                Ok(payload) => json!({ "tag": "ok", "val": b64(payload) }),
                Err(f) => json!({ "tag": "err", "val": b64(f) }),
            } },
        }),
        ActivationJobResult::UpdateRejected(f) => {
            json!({ "tag": "update-rejected", "val": failure(f) })
        }
    }
}

/// The WIT `routine-completion`, shaped as jco shapes it.
fn routine_completion(c: &RoutineCompletion) -> Value {
    match c {
        RoutineCompletion::Main(m) => json!({ "tag": "main", "val": match m {
            MainRoutineCompletion::Blocked => json!({ "tag": "blocked" }),
            MainRoutineCompletion::TaskFailed(t) => json!({ "tag": "task-failed", "val": {
                "failure": failure(&t.failure), "forceCause": t.force_cause,
            } }),
            MainRoutineCompletion::Terminal(outcome) => json!({ "tag": "terminal", "val": match outcome.as_ref() {
                TerminalOutcome::Completed(p) => json!({ "tag": "completed", "val": b64(p) }),
                TerminalOutcome::Failed(f) => json!({ "tag": "failed", "val": failure(f) }),
                TerminalOutcome::Cancelled => json!({ "tag": "cancelled" }),
                TerminalOutcome::ContinueAsNew(req) => json!({ "tag": "continue-as-new", "val": b64(req.as_ref()) }),
            } }),
        } }),
        RoutineCompletion::Signal(r) => json!({ "tag": "signal", "val": match r {
            Ok(()) => json!({ "tag": "succeeded" }),
            Err(f) => json!({ "tag": "failed", "val": failure(f) }),
        } }),
        RoutineCompletion::Update(u) => json!({ "tag": "update", "val": match u {
            UpdateRoutineCompletion::Completed { protocol_instance_id, result } => json!({
                "tag": "completed", "val": { "protocolInstanceId": protocol_instance_id, "value": b64(result) },
            }),
            UpdateRoutineCompletion::Rejected { protocol_instance_id, failure: f } => json!({
                "tag": "rejected", "val": { "protocolInstanceId": protocol_instance_id, "failure": failure(f) },
            }),
        } }),
    }
}

/// What passes between sdk-core and the sdk: activations (the eviction included, which carries
/// the verdict) and the completions sent back.
struct CoreObserver(Shared);

#[async_trait::async_trait(?Send)]
impl WorkerInterceptor for CoreObserver {
    async fn on_workflow_activation_completion(&self, completion: &WorkflowActivationCompletion) {
        let mut r = self.0.lock().unwrap();
        r.completions.push(b64(completion));
        let index = r.completions.len() - 1;
        r.calls
            .push(json!({ "core": "completion", "index": index }));
    }

    async fn on_workflow_activation(
        &self,
        activation: &CoreActivation,
    ) -> Result<(), anyhow::Error> {
        let mut r = self.0.lock().unwrap();
        r.activations.push(b64(activation));
        let index = r.activations.len() - 1;
        r.calls
            .push(json!({ "core": "activation", "index": index }));
        Ok(())
    }
}

fn replay_worker(
    task_queue: &str,
    build_id: &str,
    history: HistoryForReplay,
) -> anyhow::Result<temporalio_sdk_core::Worker> {
    // Cache size and pollers are the replay worker's own (into_core_worker sets them).
    let config = WorkerConfig::builder()
        .namespace(NAMESPACE)
        .task_queue(task_queue)
        .versioning_strategy(WorkerVersioningStrategy::None {
            build_id: build_id.to_owned(),
        })
        .task_types(WorkerTaskTypes::workflow_only())
        .build()
        .map_err(|e| anyhow!("replay worker config: {e}"))?;
    init_replay_worker(ReplayWorkerInput::new(
        config,
        futures_util::stream::iter([history]),
    ))
}

/// An sdk worker with the component registered: this is where upstream compiles the component,
/// instantiates it and lists its workflows, so its error is upstream's verdict on the component.
fn sdk_worker(
    component: &str,
    task_queue: &str,
    core: Arc<temporalio_sdk_core::Worker>,
    record: &Shared,
) -> anyhow::Result<Worker> {
    let mut options = WorkerOptions::new(task_queue).build();
    options.register_wasm_workflow(WasmWorkflowComponent::from_file("component", component)?);
    let client = temporalio_client::ClientOptions::new(NAMESPACE).build();
    let mut worker =
        Worker::new_from_core_options(core, client, options).map_err(|e| anyhow!("{e}"))?;
    worker.set_worker_interceptor(CoreObserver(record.clone()));
    Ok(worker)
}

fn main() -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let request: Value = serde_json::from_str(&input).context("stdin is not JSON")?;
    let component = request["component"]
        .as_str()
        .context("stdin: no \"component\" path")?;
    let histories = request["histories"]
        .as_array()
        .context("stdin: no \"histories\" list")?;
    let timeout = Duration::from_millis(request["timeoutMs"].as_u64().unwrap_or(60_000));
    let build_id = request["buildId"].as_str().unwrap_or_default();

    let record: Shared = Default::default();
    set_wasm_call_tracer(Box::new(Tracer(record.clone())));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let output = runtime.block_on(async {
        let mut results = Vec::new();
        // One sdk worker per task queue (the sdk hands the guest its worker's task queue, and a
        // real worker's is the workflow's), so the component is compiled once; each history gets
        // a fresh replay worker of its own.
        let mut workers: HashMap<String, Worker> = HashMap::new();
        for h in histories {
            let path = h["path"].as_str().context("history without \"path\"")?;
            let workflow_id = h["workflowId"].as_str().unwrap_or("fake");
            let task_queue = h["taskQueue"].as_str().unwrap_or("check-host");
            let bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
            let history = History::decode(bytes.as_slice()).with_context(|| {
                format!("{path} is not a binary temporal.api.history.v1.History")
            })?;
            let core = Arc::new(replay_worker(
                task_queue,
                build_id,
                HistoryForReplay::new(history, workflow_id),
            )?);
            let worker = match workers.entry(task_queue.to_owned()) {
                Entry::Occupied(e) => {
                    let w = e.into_mut();
                    w.with_new_core_worker(core);
                    w
                }
                Entry::Vacant(e) => match sdk_worker(component, task_queue, core, &record) {
                    Ok(w) => e.insert(w),
                    Err(err) => return anyhow::Ok(json!({ "loadError": format!("{err:#}") })),
                },
            };
            let outcome = tokio::time::timeout(timeout, worker.run()).await;
            let mut r = std::mem::take(&mut *record.lock().unwrap());
            let mut result = json!({
                "calls": std::mem::take(&mut r.calls),
                "activations": std::mem::take(&mut r.activations),
                "completions": std::mem::take(&mut r.completions),
            });
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(e)) => result["workerError"] = json!(format!("{e:#}")),
                Err(_) => {
                    result["timeout"] = json!(format!(
                        "sdk-core's replay worker did not finish within {} ms",
                        timeout.as_millis()
                    ));
                    // A worker abandoned mid-run cannot be reused.
                    workers.remove(task_queue);
                }
            }
            results.push(result);
        }
        anyhow::Ok(json!({ "histories": results }))
    })?;
    println!("{output}");
    Ok(())
}
