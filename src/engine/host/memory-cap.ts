/**
 * A cap on guest memory. A core module's memory grows until its declared maximum (4 GiB when it
 * declares none), and growth inside one guest call cannot be interrupted: a guest allocating
 * without bound took the CLI to 4.2 GB before the watchdog acted. So the maximum is written into
 * the module before it is compiled; past it `memory.grow` fails and the guest's allocator traps.
 */
import { PAGE_BYTES, Reader, u32Bytes } from './wasm-binary.ts';

/** Default cap per instance: far above what workflow code needs, far below what hurts a machine. */
export const DEFAULT_GUEST_MEMORY_BYTES = 1024 * 2 ** 20;

const MEMORY_SECTION = 5;

/**
 * The memory section rewritten so each 32-bit, unshared memory it defines has a maximum of at
 * most `maxPages` (never below its minimum); undefined when nothing changes.
 */
function cappedMemorySection(payload: Uint8Array, maxPages: number): number[] | undefined {
  const r = new Reader(payload, 0);
  const count = r.u32();
  const out = u32Bytes(count);
  let changed = false;
  for (let i = 0; i < count; i++) {
    const flags = r.u32();
    const min = r.u32();
    const max = flags & 1 ? r.u32() : undefined;
    // Shared and 64-bit memories (flags 2 and 4) are left as they are.
    if ((flags & ~1) !== 0) {
      out.push(...u32Bytes(flags), ...u32Bytes(min), ...(max === undefined ? [] : u32Bytes(max)));
      continue;
    }
    const capped = Math.max(min, Math.min(max ?? Infinity, maxPages));
    if (capped !== max) changed = true;
    out.push(1, ...u32Bytes(min), ...u32Bytes(capped));
  }
  return changed ? out : undefined;
}

/** The core module with its defined memories capped at `maxBytes` (rounded down to pages). */
export function capGuestMemory(wasm: Uint8Array, maxBytes: number): Uint8Array {
  const maxPages = Math.max(1, Math.floor(maxBytes / PAGE_BYTES));
  const r = new Reader(wasm, 8);
  while (r.offset < wasm.length) {
    const start = r.offset;
    const id = wasm[r.offset++]!;
    const size = r.u32();
    const payloadStart = r.offset;
    const end = payloadStart + size;
    if (id === MEMORY_SECTION) {
      const section = cappedMemorySection(wasm.subarray(payloadStart, end), maxPages);
      if (!section) return wasm;
      const head = [MEMORY_SECTION, ...u32Bytes(section.length)];
      const out = new Uint8Array(start + head.length + section.length + (wasm.length - end));
      out.set(wasm.subarray(0, start), 0);
      out.set(head, start);
      out.set(section, start + head.length);
      out.set(wasm.subarray(end), start + head.length + section.length);
      return out;
    }
    r.offset = end;
  }
  return wasm;
}

/** "1024 MiB". */
export function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
