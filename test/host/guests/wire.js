// Just enough protobuf for hand-written test guests, written from the wire-format spec
// (https://protobuf.dev/programming-guides/encoding/) so that the host's decoding is checked
// against bytes our own codecs did not produce. Field numbers come from the .proto files.

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A length-delimited field (wire type 2). */
export function bytesField(no, bytes) {
  return concat([
    Uint8Array.from(varint((no << 3) | 2)),
    Uint8Array.from(varint(bytes.length)),
    bytes,
  ]);
}

export const stringField = (no, text) => bytesField(no, utf8.encode(text));

/** A varint field (wire type 0). */
export const varintField = (no, value) =>
  Uint8Array.from([...varint((no << 3) | 0), ...varint(value)]);

export const message = (...fields) => concat(fields);

/** temporal.api.failure.v1.Failure { message = 1; stack_trace = 3 } */
export const failure = (text, stack) =>
  message(stringField(1, text), ...(stack ? [stringField(3, stack)] : []));

/** temporal.api.common.v1.Payload { map<string, bytes> metadata = 1; bytes data = 2 } as json/plain. */
export const jsonPayload = (value) =>
  message(
    bytesField(1, message(stringField(1, 'encoding'), stringField(2, 'json/plain'))),
    stringField(2, JSON.stringify(value)),
  );

/** coresdk.workflow_commands.WorkflowCommand { StartTimer start_timer = 1 { uint32 seq = 1; Duration start_to_fire_timeout = 2 { int64 seconds = 1 } } } */
export const startTimerCommand = (seq, seconds) =>
  bytesField(1, message(varintField(1, seq), bytesField(2, varintField(1, seconds))));

/** Top-level fields of a message: [{ no, value }] with value a Uint8Array (length-delimited) or bigint (varint). */
export function readFields(input) {
  // Lifted list<u8> values are not always Uint8Array instances inside the guest.
  const bytes = input instanceof Uint8Array ? input : Uint8Array.from(input);
  const fields = [];
  let at = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = Number(readVarint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ no, value: readVarint() });
    else if (wire === 2) {
      const length = Number(readVarint());
      fields.push({ no, value: bytes.subarray(at, at + length) });
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return fields;
}

export const field = (bytes, no) => readFields(bytes).find((f) => f.no === no)?.value;
export const text = (bytes) => (bytes ? fromUtf8.decode(bytes) : '');

/** WorkflowActivation.jobs = 5: the encoded WorkflowActivationJob of each job. */
export const activationJobs = (activation) =>
  readFields(activation)
    .filter((f) => f.no === 5)
    .map((f) => f.value);

/** InitializeWorkflow.workflow_type = 1. */
export const workflowTypeOf = (initializeWorkflow) => text(field(initializeWorkflow, 1));

/** What list-workflows says of a workflow type with no init, signals, queries or updates. */
export const plainWorkflow = (workflowType) => ({
  workflowType,
  hasInit: false,
  initTakesInput: false,
  signals: [],
  queries: [],
  updates: [],
});

/** The `workflow-guest` export of a component with that one workflow type. */
export const oneWorkflowGuest = (workflowType, WorkflowInstance) => ({
  listWorkflows: () => [plainWorkflow(workflowType)],
  instantiateWorkflow: () => new WorkflowInstance(),
  WorkflowInstance,
});
