//! `RawTimer`, a workflow component written directly against `temporal:workflow-runtime@0.1.0`
//! (this repo's wit/) with nothing but `wit-bindgen`: no Temporal SDK, no protobuf library. The
//! first poll of main pushes one StartTimer command; when an activation fires that timer, main
//! completes with `"Hello from raw WIT, <name>!"`.
//!
//! Protobuf field numbers come from sdk-core's protos (coresdk.workflow_activation,
//! coresdk.workflow_commands, temporal.api.common.v1.Payload, temporal.api.failure.v1.Failure).
use std::cell::RefCell;

wit_bindgen::generate!({
    path: "../../wit",
    world: "workflow-module",
});

use exports::temporal::workflow_runtime::workflow_guest::{
    Guest, GuestWorkflowInstance, WorkflowInstance,
};
use temporal::workflow_runtime::types::{
    ActivationJobResult, ActivationResult, MainRoutineCompletion, RoutineCompletion,
    RoutinePollResult, TerminalOutcome, WorkflowDefinition, WorkflowInit,
};
use temporal::workflow_runtime::workflow_host::push_command;

const WORKFLOW_TYPE: &str = "RawTimer";
const TIMER_SEQ: u64 = 1;
const TIMER_SECONDS: u64 = 30;

/// Minimal protobuf wire format: what this workflow reads and writes, nothing more.
mod pb {
    pub fn varint(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    pub fn key(out: &mut Vec<u8>, field: u64, wire: u64) {
        varint(out, field << 3 | wire);
    }
    pub fn uint(out: &mut Vec<u8>, field: u64, v: u64) {
        key(out, field, 0);
        varint(out, v);
    }
    pub fn bytes(out: &mut Vec<u8>, field: u64, b: &[u8]) {
        key(out, field, 2);
        varint(out, b.len() as u64);
        out.extend_from_slice(b);
    }

    /// One field: its number and, for varints, the value; for length-delimited, the bytes.
    pub enum Value<'a> {
        Varint(u64),
        Bytes(&'a [u8]),
        Other,
    }

    /// The fields of one message, in wire order; `Err` names what is malformed.
    pub fn fields(mut b: &[u8]) -> Result<Vec<(u64, Value<'_>)>, String> {
        fn read_varint(b: &mut &[u8]) -> Result<u64, String> {
            let mut v = 0u64;
            for shift in (0..64).step_by(7) {
                let (&byte, rest) = b.split_first().ok_or("truncated varint")?;
                *b = rest;
                v |= u64::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    return Ok(v);
                }
            }
            Err("varint longer than 10 bytes".into())
        }
        let mut out = Vec::new();
        while !b.is_empty() {
            let key = read_varint(&mut b)?;
            let value = match key & 7 {
                0 => Value::Varint(read_varint(&mut b)?),
                1 | 5 => {
                    let n = if key & 7 == 1 { 8 } else { 4 };
                    b = b.get(n..).ok_or("truncated fixed field")?;
                    Value::Other
                }
                2 => {
                    let len = read_varint(&mut b)? as usize;
                    let (v, rest) = (b.get(..len).ok_or("truncated bytes field")?, &b[len..]);
                    b = rest;
                    Value::Bytes(v)
                }
                wire => return Err(format!("unsupported wire type {wire}")),
            };
            out.push((key >> 3, value));
        }
        Ok(out)
    }

    pub fn bytes_field<'a>(fields: &[(u64, Value<'a>)], number: u64) -> Option<&'a [u8]> {
        fields.iter().find_map(|(n, v)| match v {
            Value::Bytes(b) if *n == number => Some(*b),
            _ => None,
        })
    }
}

/// temporal.api.failure.v1.Failure with only `message` (field 1).
fn failure(message: &str) -> Vec<u8> {
    let mut out = Vec::new();
    pb::bytes(&mut out, 1, message.as_bytes());
    out
}

/// temporal.api.common.v1.Payload of JSON text: metadata {encoding: json/plain} (field 1, a map
/// entry of key 1 and value 2) and data (field 2).
fn json_payload(json: &str) -> Vec<u8> {
    let mut entry = Vec::new();
    pb::bytes(&mut entry, 1, b"encoding");
    pb::bytes(&mut entry, 2, b"json/plain");
    let mut out = Vec::new();
    pb::bytes(&mut out, 1, &entry);
    pb::bytes(&mut out, 2, json.as_bytes());
    out
}

/// WorkflowCommand { start_timer (1): StartTimer { seq (1), start_to_fire_timeout (2): Duration { seconds (1) } } }
fn start_timer_command(seq: u64, seconds: u64) -> Vec<u8> {
    let mut duration = Vec::new();
    pb::uint(&mut duration, 1, seconds);
    let mut timer = Vec::new();
    pb::uint(&mut timer, 1, seq);
    pb::bytes(&mut timer, 2, &duration);
    let mut command = Vec::new();
    pb::bytes(&mut command, 1, &timer);
    command
}

/// The name in the first argument, a JSON string without escapes (all this workflow accepts).
fn name_from_init(initialize: &[u8]) -> Result<String, String> {
    let fields = pb::fields(initialize)?;
    let workflow_type = pb::bytes_field(&fields, 1).unwrap_or_default();
    if workflow_type != WORKFLOW_TYPE.as_bytes() {
        return Err(format!(
            "this component implements only {WORKFLOW_TYPE}, not {}",
            String::from_utf8_lossy(workflow_type)
        ));
    }
    let argument = pb::bytes_field(&fields, 3).ok_or("RawTimer takes one argument, a name")?;
    let data = pb::bytes_field(&pb::fields(argument)?, 2).unwrap_or_default();
    let text = std::str::from_utf8(data).map_err(|_| "the name is not UTF-8")?;
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(name) if !name.contains(['"', '\\']) => Ok(name.to_string()),
        _ => Err(format!(
            "the argument must be a JSON string without escapes, not {text}"
        )),
    }
}

struct Run {
    name: String,
    timer_started: bool,
    timer_fired: bool,
}

pub struct Instance(RefCell<Run>);

struct Component;

impl Guest for Component {
    type WorkflowInstance = Instance;

    fn list_workflows() -> Vec<WorkflowDefinition> {
        vec![WorkflowDefinition {
            workflow_type: WORKFLOW_TYPE.to_string(),
            has_init: false,
            init_takes_input: false,
            signals: vec![],
            queries: vec![],
            updates: vec![],
        }]
    }

    fn instantiate_workflow(init: WorkflowInit) -> Result<WorkflowInstance, Vec<u8>> {
        let name = name_from_init(&init.initialize_workflow).map_err(|e| failure(&e))?;
        Ok(WorkflowInstance::new(Instance(RefCell::new(Run {
            name,
            timer_started: false,
            timer_fired: false,
        }))))
    }
}

impl GuestWorkflowInstance for Instance {
    /// One `none` per job; a FireTimer job (field 2 of WorkflowActivationJob) for our timer
    /// marks it fired. Any other job this workflow has no use for.
    fn activate(&self, activation: Vec<u8>) -> Result<ActivationResult, Vec<u8>> {
        let fields = pb::fields(&activation).map_err(|e| failure(&format!("activation: {e}")))?;
        let mut job_results = Vec::new();
        for (number, value) in &fields {
            let (5, pb::Value::Bytes(job)) = (number, value) else {
                continue;
            };
            let job = pb::fields(job).map_err(|e| failure(&format!("activation job: {e}")))?;
            if let Some(fire) = pb::bytes_field(&job, 2) {
                let seq = pb::fields(fire)
                    .map_err(|e| failure(&format!("FireTimer: {e}")))?
                    .iter()
                    .find_map(|(n, v)| match v {
                        pb::Value::Varint(s) if *n == 1 => Some(*s),
                        _ => None,
                    })
                    .unwrap_or(0);
                if seq != TIMER_SEQ {
                    return Err(failure(&format!("FireTimer for unknown timer {seq}")));
                }
                self.0.borrow_mut().timer_fired = true;
            }
            job_results.push(ActivationJobResult::None);
        }
        Ok(ActivationResult { job_results })
    }

    fn poll_routine(&self, routine_id: u64) -> Result<RoutinePollResult, Vec<u8>> {
        if routine_id != 0 {
            return Err(failure(&format!(
                "no routine {routine_id}: RawTimer has only main"
            )));
        }
        let mut run = self.0.borrow_mut();
        let blocked = |made_progress| RoutinePollResult {
            completion: Some(RoutineCompletion::Main(MainRoutineCompletion::Blocked)),
            made_progress,
        };
        if !run.timer_started {
            run.timer_started = true;
            push_command(&start_timer_command(TIMER_SEQ, TIMER_SECONDS));
            return Ok(blocked(true));
        }
        if !run.timer_fired {
            return Ok(blocked(false));
        }
        let result = json_payload(&format!("\"Hello from raw WIT, {}!\"", run.name));
        Ok(RoutinePollResult {
            completion: Some(RoutineCompletion::Main(MainRoutineCompletion::Terminal(
                TerminalOutcome::Completed(result),
            ))),
            made_progress: true,
        })
    }
}

export!(Component);
