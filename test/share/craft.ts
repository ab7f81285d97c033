/**
 * Links and bundles made by hand, from the format as `src/engine/share/container.ts` documents it
 * and with Node's own zlib and base64url: independent of the encoder under test, and free to be
 * wrong in every way a damaged or hostile input can be.
 */
import { deflateSync } from 'node:zlib';

export interface CraftedPayload {
  /** JSON value (stringified here) or raw text. */
  state?: unknown;
  history?: Uint8Array;
  component?: Uint8Array;
  /** Sections appended as given: [kind, declared length, bytes]. */
  extra?: Array<[number, number, Uint8Array]>;
  magic?: string;
  version?: number;
}

export function craftPayload(p: CraftedPayload): Uint8Array {
  const parts: Buffer[] = [Buffer.from(p.magic ?? 'WPSH', 'latin1'), Buffer.from([p.version ?? 1])];
  const section = (kind: number, length: number, bytes: Uint8Array) => {
    const header = Buffer.alloc(5);
    header[0] = kind;
    header.writeUInt32BE(length, 1);
    parts.push(header, Buffer.from(bytes));
  };
  if (p.state !== undefined) {
    const text = typeof p.state === 'string' ? p.state : JSON.stringify(p.state);
    const bytes = Buffer.from(text, 'utf8');
    section(1, bytes.length, bytes);
  }
  if (p.history) section(2, p.history.length, p.history);
  if (p.component) section(3, p.component.length, p.component);
  for (const [kind, length, bytes] of p.extra ?? []) section(kind, length, bytes);
  return new Uint8Array(Buffer.concat(parts));
}

/** `#share=v1.<n>.<data>` around `payload`, deflated with zlib framing by Node. */
export function craftFragment(payload: Uint8Array, version = 'v1'): string {
  const compressed = deflateSync(payload, { level: 9 });
  return `#share=${version}.${compressed.length}.${compressed.toString('base64url')}`;
}

/** A bundle file around `payload`. */
export function craftBundle(payload: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from('WPBUNDLE'), deflateSync(payload)]));
}
