/**
 * One payload: its encoding, decoded value (default converter, protobuf JSON, or a codec server),
 * and its bytes as text or hex. Large payloads show a prefix until asked for all of it.
 */
import { useMemo, useState } from 'react';
import { fromBase64 } from '../../engine/proto/base64.ts';
import type { PayloadView as Payload } from '../../engine/proto/payload-view.ts';
import { bytes as formatBytes } from '../common/format.ts';

const PREVIEW_CHARS = 4096;
const PREVIEW_BYTES = 1024;

type Mode = 'decoded' | 'text' | 'hex';

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join(
      '',
    );
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

/**
 * A different payload (another event, or this one decoded later by a codec server) starts again
 * from its own best view, not the tab and length the previous one was left at.
 */
export function PayloadView({ payload }: { payload: Payload }) {
  return (
    <PayloadBody
      key={`${payload.encoding}\u0000${payload.decodedBy ?? ''}\u0000${payload.data}`}
      payload={payload}
    />
  );
}

function PayloadBody({ payload }: { payload: Payload }) {
  const [mode, setMode] = useState<Mode>(payload.decoded ? 'decoded' : 'text');
  const [full, setFull] = useState(false);
  const raw = useMemo(() => fromBase64(payload.data), [payload.data]);
  const text = useMemo(() => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return undefined;
    }
  }, [raw]);
  let body: string;
  let size: number;
  let limit: number;
  if (mode === 'decoded' && payload.decoded) {
    body = payload.decoded.as === 'null' ? 'null' : JSON.stringify(payload.decoded.value, null, 2);
    size = body.length;
    limit = PREVIEW_CHARS;
  } else if (mode === 'text' && text !== undefined) {
    body = text;
    size = body.length;
    limit = PREVIEW_CHARS;
  } else {
    body = hexDump(full ? raw : raw.subarray(0, PREVIEW_BYTES));
    size = raw.length;
    limit = PREVIEW_BYTES;
  }
  const truncated = !full && size > limit;
  if (truncated && mode !== 'hex') body = body.slice(0, limit);
  const modes: Mode[] = [
    ...(payload.decoded ? (['decoded'] as const) : []),
    ...(text !== undefined ? (['text'] as const) : []),
    'hex',
  ];
  return (
    <div className="payload" data-encoding={payload.encoding}>
      <div className="payload-head">
        <span className="badge">{payload.encoding}</span>
        {payload.decoded?.messageType && (
          <span className="badge subtle">{payload.decoded.messageType}</span>
        )}
        {payload.decodedBy && (
          <span className="badge ok" title={payload.decodedBy}>
            decoded by codec server
          </span>
        )}
        <span className="muted">{formatBytes(payload.size)}</span>
        <span className="payload-modes" role="tablist">
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              className={mode === m ? 'on' : ''}
              onClick={() => setMode(m)}
            >
              {m === 'decoded' ? 'Value' : m === 'text' ? 'Text' : 'Hex'}
            </button>
          ))}
        </span>
      </div>
      {payload.note && !payload.decoded && <p className="payload-note muted">{payload.note}</p>}
      {payload.size > 0 || payload.decoded ? (
        <pre className={`payload-body ${mode}`} data-testid="payload-value">
          {body}
        </pre>
      ) : (
        <p className="muted">(empty)</p>
      )}
      {truncated && (
        <button type="button" className="link" onClick={() => setFull(true)}>
          Showing the first{' '}
          {mode === 'hex' ? formatBytes(limit) : `${limit.toLocaleString('en-US')} characters`}:
          show all{' '}
          {mode === 'hex' ? formatBytes(size) : `${size.toLocaleString('en-US')} characters`}
        </button>
      )}
    </div>
  );
}
