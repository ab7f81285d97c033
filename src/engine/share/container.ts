/**
 * The payload of both a link and a bundle, before compression:
 *
 *   "WPSH"   4 bytes, says the bytes are ours
 *   1        format version, 1 byte
 *   then sections, each: kind (1 byte), length (4 bytes, big-endian), bytes
 *     1  state: UTF-8 JSON (`state.ts`), exactly once, first
 *     2  history: a binary History protobuf or its proto3 JSON, at most once
 *     3  component: the workflow code's bytes, at most once (bundles)
 *
 * Raw bytes beside the JSON state, rather than base64 inside it: base64 would add a third to
 * what the compressor sees and compresses worse.
 */
import { BoundedInflater, formatBytes } from './compression.ts';
import { fail } from './errors.ts';
import { STATE_MAX_BYTES } from './limits.ts';

const MAGIC = [0x57, 0x50, 0x53, 0x48]; // "WPSH"
export const FORMAT_VERSION = 1;

const Section = { State: 1, History: 2, Component: 3 } as const;
type Section = (typeof Section)[keyof typeof Section];

export interface RawPayload {
  /** The state's JSON text. */
  state: string;
  history?: Uint8Array;
  component?: Uint8Array;
}

export function encodePayload(payload: RawPayload): Uint8Array {
  const state = new TextEncoder().encode(payload.state);
  const sections: Array<[Section, Uint8Array]> = [[Section.State, state]];
  if (payload.history) sections.push([Section.History, payload.history]);
  if (payload.component) sections.push([Section.Component, payload.component]);
  const size = 5 + sections.reduce((n, [, bytes]) => n + 5 + bytes.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = FORMAT_VERSION;
  let offset = 5;
  for (const [kind, bytes] of sections) {
    out[offset] = kind;
    view.setUint32(offset + 1, bytes.length);
    out.set(bytes, offset + 5);
    offset += 5 + bytes.length;
  }
  return out;
}

/** Reads a payload from decompressed bytes; `what` names the input ("the link", "the bundle"). */
export async function readPayload(input: BoundedInflater, what: string): Promise<RawPayload> {
  const head = await input.readUpTo(5);
  if (head.length < 5 || MAGIC.some((byte, i) => head[i] !== byte))
    fail('not-a-share', `${what} is not a Workflow Playground share`);
  const version = head[4]!;
  if (version !== FORMAT_VERSION) {
    if (version > FORMAT_VERSION) {
      fail(
        'newer-version',
        `${what} was made by a newer Workflow Playground (format ${version}; this one reads format ${FORMAT_VERSION}): open it with the newer version`,
      );
    }
    fail('damaged', `${what} is damaged: format version ${version} does not exist`);
  }
  const payload: Partial<RawPayload> = {};
  let sections = 0;
  while (!(await input.atEnd())) {
    const header = await input.read(5);
    const kind = header[0]!;
    const length = new DataView(header.buffer, header.byteOffset).getUint32(1);
    if (sections === 0 && kind !== Section.State)
      fail('damaged', `${what} is damaged: it does not start with the session state`);
    if (kind === Section.State && length > STATE_MAX_BYTES)
      fail(
        'too-large',
        `${what} has a session state of ${formatBytes(length)}; a state is at most ${formatBytes(STATE_MAX_BYTES)}`,
      );
    input.ensureRoom(length);
    switch (kind) {
      case Section.State:
        if (payload.state !== undefined)
          fail('damaged', `${what} is damaged: it holds two session states`);
        payload.state = decodeUtf8(await input.read(length), what);
        break;
      case Section.History:
        if (payload.history) fail('damaged', `${what} is damaged: it holds two histories`);
        payload.history = await input.read(length);
        break;
      case Section.Component:
        if (payload.component) fail('damaged', `${what} is damaged: it holds two components`);
        payload.component = await input.read(length);
        break;
      default:
        fail('damaged', `${what} is damaged: it has a part of unknown kind ${kind}`);
    }
    sections++;
  }
  if (payload.state === undefined) fail('damaged', `${what} is damaged: it has no session state`);
  return payload as RawPayload;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return fail('damaged', `${what} is damaged: its session state is not UTF-8 text`);
  }
}
