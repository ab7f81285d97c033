/**
 * Between guest calls a core instance's whole state is its linear memories, its mutable globals
 * and its tables. JS can read and write them only when the module exports them, and compilers
 * export the memory but rarely the stack pointer or other globals. So each core module jco hands
 * us is rewritten before it is compiled: every memory, table and mutable global gets an extra
 * export named `wp-state:<kind>:<index>`. Nothing else in the module changes.
 *
 * What cannot be checkpointed is said here, once per module (`refusal`): shared memories (another
 * thread may write them at any time), and globals whose values JS cannot hold (v128, or reference
 * types beyond funcref and externref).
 */
import { Reader, sections, u32Bytes, type Section } from '../wasm-binary.ts';

export const STATE_EXPORT_PREFIX = 'wp-state:';

export type StateKind = 'memory' | 'global' | 'table';

export interface ExposedModule {
  bytes: Uint8Array;
  /** Why this module's state cannot be captured, when it cannot. */
  refusal?: string;
}

const IMPORT = 2;
const TABLE = 4;
const MEMORY = 5;
const GLOBAL = 6;
const EXPORT = 7;
/** Sections that must come after the export section (start, element, data count, code, data). */
const AFTER_EXPORT = new Set([8, 9, 10, 11, 12]);
const KIND_BYTE: Record<StateKind, number> = { table: 1, memory: 2, global: 3 };

/** Value types JS can read and write through WebAssembly.Global. */
const JS_VALUE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);

class Unsupported extends Error {}

function valueType(r: Reader): number {
  const type = r.byte();
  // Typed references (GC / function references): a heap type follows.
  if (type === 0x63 || type === 0x64) r.skipLeb();
  return type;
}

function skipLimits(r: Reader): number {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
  return flags;
}

function skipTableType(r: Reader): void {
  valueType(r);
  skipLimits(r);
}

/** Skips a constant expression up to and including its `end`. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b:
        return;
      case 0x41:
      case 0x42:
        r.skipLeb();
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0x23:
      case 0xd2:
        r.u32();
        break;
      case 0xd0:
        r.skipLeb();
        break;
      case 0xfd:
        if (r.u32() !== 12)
          throw new Unsupported('a SIMD constant expression other than v128.const');
        r.skip(16);
        break;
      // Extended constant expressions: add, sub, mul on i32 and i64 carry no immediates.
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break;
      default:
        throw new Unsupported(`opcode 0x${op.toString(16)} in a global's initializer`);
    }
  }
}

interface Inventory {
  memories: number;
  tables: number;
  /** Indices of mutable globals. */
  mutableGlobals: number[];
  refusal?: string;
}

function inventory(wasm: Uint8Array, list: Section[]): Inventory {
  const inv: Inventory = { memories: 0, tables: 0, mutableGlobals: [] };
  let globals = 0;
  const global = (type: number, mutable: boolean) => {
    if (mutable) {
      if (!JS_VALUE_TYPES.has(type)) {
        inv.refusal ??= `global ${globals} is a mutable ${type === 0x7b ? 'v128' : 'typed-reference'} global, whose value JavaScript cannot read`;
      } else inv.mutableGlobals.push(globals);
    }
    globals++;
  };
  const memory = (flags: number) => {
    if (flags & 2) inv.refusal ??= `memory ${inv.memories} is shared (threads may write it)`;
    inv.memories++;
  };
  for (const s of list) {
    const r = new Reader(wasm.subarray(0, s.end), s.payloadStart);
    if (s.id === IMPORT) {
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0x00) r.u32();
        else if (kind === 0x01) {
          skipTableType(r);
          inv.tables++;
        } else if (kind === 0x02) memory(skipLimits(r));
        else if (kind === 0x03) {
          const type = valueType(r);
          global(type, r.byte() === 1);
        } else if (kind === 0x04) {
          r.byte();
          r.u32();
        } else throw new Unsupported(`import kind 0x${kind.toString(16)}`);
      }
    } else if (s.id === TABLE) {
      for (let n = r.u32(); n > 0; n--) {
        // A table with an initializer expression (function references) starts 0x40 0x00.
        if (r.bytes[r.offset] === 0x40) {
          r.skip(2);
          skipTableType(r);
          skipConstExpr(r);
        } else skipTableType(r);
        inv.tables++;
      }
    } else if (s.id === MEMORY) {
      for (let n = r.u32(); n > 0; n--) memory(skipLimits(r));
    } else if (s.id === GLOBAL) {
      for (let n = r.u32(); n > 0; n--) {
        const type = valueType(r);
        global(type, r.byte() === 1);
        skipConstExpr(r);
      }
    }
  }
  return inv;
}

function exportEntry(kind: StateKind, index: number): number[] {
  const name = new TextEncoder().encode(`${STATE_EXPORT_PREFIX}${kind}:${index}`);
  return [...u32Bytes(name.length), ...name, KIND_BYTE[kind], ...u32Bytes(index)];
}

/** `wasm` with its state exported; a module that cannot be parsed or captured says why. */
export function exposeState(wasm: Uint8Array): ExposedModule {
  let list: Section[];
  let inv: Inventory;
  try {
    list = sections(wasm);
    inv = inventory(wasm, list);
  } catch (thrown) {
    const why = thrown instanceof Error ? thrown.message : String(thrown);
    return { bytes: wasm, refusal: `its core module could not be read for checkpoints (${why})` };
  }
  if (inv.refusal) return { bytes: wasm, refusal: inv.refusal };
  const added: number[][] = [];
  for (let i = 0; i < inv.memories; i++) added.push(exportEntry('memory', i));
  for (let i = 0; i < inv.tables; i++) added.push(exportEntry('table', i));
  for (const i of inv.mutableGlobals) added.push(exportEntry('global', i));
  if (added.length === 0) return { bytes: wasm };

  const existing = list.find((s) => s.id === EXPORT);
  let count = 0;
  let body: Uint8Array = new Uint8Array(0);
  if (existing) {
    const r = new Reader(wasm, existing.payloadStart);
    count = r.u32();
    body = wasm.subarray(r.offset, existing.end);
  }
  const entries = added.flat();
  const payload = [...u32Bytes(count + added.length)];
  const sectionHead = [EXPORT, ...u32Bytes(payload.length + body.length + entries.length)];
  const replaceFrom = existing
    ? existing.start
    : (list.find((s) => AFTER_EXPORT.has(s.id))?.start ?? wasm.length);
  const replaceTo = existing ? existing.end : replaceFrom;
  const parts = [
    wasm.subarray(0, replaceFrom),
    Uint8Array.from([...sectionHead, ...payload]),
    body,
    Uint8Array.from(entries),
    wasm.subarray(replaceTo),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return { bytes: out };
}
