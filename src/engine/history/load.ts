/**
 * `loadHistory`: any supported input → the model the engine uses. Synchronous (the UI worker and
 * the CLI call it directly); `loadHistoryAsync` adds what needs I/O or streams: gzip (through
 * `DecompressionStream`, present in Node ≥ 18 and Chromium) and URLs (through `fetch`).
 */
import { fetchFailure } from './fetch-failure.ts';
import { readBinaryHistory } from './binary.ts';
import { formatLimit, gunzipBounded, HISTORY_MAX_BYTES, readBodyBounded } from './bounded.ts';
import { detectBytes, detectText, isGzip, type InputKind } from './detect.ts';
import { HistoryError, type HistoryWarning } from './errors.ts';
import { HistoryEventType, eventIdOf, type HistoryEvent } from './events.ts';
import { parseJsonText, readJsonHistory, type JsonDialect, type JsonShape } from './json.ts';
import { linkEvents, type EventLinks } from './links.ts';
import { inspectDecoded } from './normalize.ts';
import { summarize, type HistorySummary } from './summary.ts';
import { invalidUtf8Offset } from './text-faults.ts';
import { validateEvents } from './validate.ts';
import { groupWorkflowTasks, type WorkflowTask } from './workflow-tasks.ts';

export interface HistoryFormat {
  kind: 'json' | 'binary';
  gzip: boolean;
  /** JSON only: the document shape and the enum spelling. */
  shape?: JsonShape;
  dialect?: JsonDialect;
}

export interface LoadedHistory {
  source?: string;
  events: HistoryEvent[];
  format: HistoryFormat;
  warnings: HistoryWarning[];
  workflowTasks: WorkflowTask[];
  /** Events sdk-core does not apply on replay (see `WorkflowTaskGrouping.unappliedEvents`). */
  unappliedEvents: HistoryEvent[];
  links: EventLinks;
  summary: HistorySummary;
}

export interface LoadOptions {
  /** File name or URL, used in every error and warning. */
  name?: string;
  /** Most bytes a download or a gzip layer may hold (`HISTORY_MAX_BYTES` by default). */
  maxBytes?: number;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

export function loadHistory(input: Uint8Array | string, options: LoadOptions = {}): LoadedHistory {
  return loadDecompressed(input, options, false);
}

function loadDecompressed(
  input: Uint8Array | string,
  options: LoadOptions,
  gzip: boolean,
): LoadedHistory {
  const source = options.name;
  if (typeof input === 'string') {
    if (detectText(input) !== 'json') throw notAHistory(source);
    return loadAs('json', input, source, gzip);
  }
  if (input.length === 0) throw new HistoryError('empty', 'the input is empty', { source });
  const [likeliest, ...others] = detectBytes(input);
  try {
    return loadAs(likeliest!, input, source, gzip);
  } catch (thrown) {
    if (!(thrown instanceof HistoryError)) throw thrown;
    // Ambiguous first bytes (see detect.ts): the other reading may hold a valid history.
    for (const kind of others) {
      try {
        return loadAs(kind, input, source, gzip);
      } catch (other) {
        if (!(other instanceof HistoryError)) throw other;
      }
    }
    throw thrown;
  }
}

function loadAs(
  kind: InputKind,
  input: Uint8Array | string,
  source: string | undefined,
  gzip: boolean,
): LoadedHistory {
  const warnings: HistoryWarning[] = [];
  let events: HistoryEvent[];
  let format: HistoryFormat;
  switch (kind) {
    case 'gzip':
      throw new HistoryError(
        'gzip-needs-async',
        'the input is gzip-compressed, and this synchronous loader cannot decompress it: decompress it first, or load it with the asynchronous loader',
        { source },
      );
    case 'text':
      throw notAHistory(source);
    case 'json':
    case 'json-utf16': {
      const text =
        typeof input === 'string'
          ? input
          : kind === 'json'
            ? decodeUtf8(input, source)
            : decodeUtf16(input);
      ({ events, format } = fromJson(text, warnings, source, gzip));
      break;
    }
    case 'binary':
      events = readBinaryHistory(input as Uint8Array, warnings, source);
      for (const event of events) {
        inspectDecoded(HistoryEventType, event as never, '', {
          location: { source, eventId: eventIdOf(event) },
          warnings,
        });
      }
      format = { kind: 'binary', gzip };
      break;
  }
  validateEvents(events, warnings, source);
  const { tasks, unappliedEvents } = groupWorkflowTasks(events);
  const links = linkEvents(events, warnings, source);
  return {
    ...(source !== undefined && { source }),
    events,
    format,
    warnings,
    workflowTasks: tasks,
    unappliedEvents,
    links,
    summary: summarize(events, tasks),
  };
}

function fromJson(
  text: string,
  warnings: HistoryWarning[],
  source: string | undefined,
  gzip: boolean,
) {
  const json = readJsonHistory(
    parseJsonText(text.replace(/^\uFEFF/, ''), source),
    warnings,
    source,
  );
  const format: HistoryFormat = { kind: 'json', gzip, shape: json.shape, dialect: json.dialect };
  return { events: json.events, format };
}

function decodeUtf8(bytes: Uint8Array, source?: string): string {
  try {
    return textDecoder.decode(bytes);
  } catch {
    const byteOffset = invalidUtf8Offset(bytes);
    throw new HistoryError('not-json', 'the input looks like JSON but is not valid UTF-8', {
      source,
      ...(byteOffset !== undefined && { byteOffset }),
    });
  }
}

/** Windows PowerShell 5 redirects command output (`> history.json`) as UTF-16 with a BOM. */
function decodeUtf16(bytes: Uint8Array): string {
  return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
}

function notAHistory(source?: string): HistoryError {
  return new HistoryError(
    'not-history',
    'not a Temporal history: expected proto3 JSON ({"events": [...]}), a JSON array of events, or a binary History protobuf, optionally gzip-compressed',
    { source },
  );
}

export type HistoryInput = Uint8Array | string | Blob | URL;

/** Layers of gzip inside gzip that are undone; more is no mistake anyone makes by accident. */
const MAX_GZIP_LAYERS = 3;

/** Like `loadHistory`, and also gzip (any form inside), Blobs/Files and http(s) URLs. */
export async function loadHistoryAsync(
  input: HistoryInput,
  options: LoadOptions = {},
): Promise<LoadedHistory> {
  let name = options.name;
  const limit = options.maxBytes ?? HISTORY_MAX_BYTES;
  let bytes: Uint8Array | string;
  if (input instanceof URL) {
    name ??= input.href;
    bytes = await fetchBytes(input, name, limit);
  } else if (typeof Blob !== 'undefined' && input instanceof Blob) {
    if (input.size > limit) throw tooLarge('the file', limit, name);
    bytes = new Uint8Array(await input.arrayBuffer());
  } else {
    bytes = input as Uint8Array | string;
  }
  const named = name === undefined ? {} : { name };
  if (typeof bytes === 'string' || !isGzip(bytes)) return loadDecompressed(bytes, named, false);
  // Gzip inside gzip happens (a .gz file served with Content-Encoding: gzip and saved as is).
  for (let layer = 1; isGzip(bytes); layer++) {
    if (layer > MAX_GZIP_LAYERS) {
      throw new HistoryError(
        'bad-gzip',
        `the input is gzip-compressed more than ${MAX_GZIP_LAYERS} times over; decompress it first`,
        { ...(name !== undefined && { source: name }) },
      );
    }
    bytes = await gunzip(bytes, limit, name);
  }
  return loadDecompressed(bytes, named, true);
}

function tooLarge(subject: string, limit: number, source: string | undefined): HistoryError {
  return new HistoryError(
    'too-large',
    `${subject} is larger than ${formatLimit(limit)}, the most a history may take (a decompression bomb, or not a history)`,
    { source },
  );
}

async function fetchBytes(url: URL, source: string, limit: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    throw new HistoryError('fetch-failed', `could not fetch: ${fetchFailure(url.href, thrown)}`, {
      source,
    });
  }
  if (!response.ok) {
    throw new HistoryError(
      'fetch-failed',
      `the server answered ${response.status} ${response.statusText}`.trim(),
      {
        source,
      },
    );
  }
  const body = await readBodyBounded(response, limit);
  if (!body) throw tooLarge('the download', limit, source);
  return body;
}

async function gunzip(bytes: Uint8Array, limit: number, source?: string): Promise<Uint8Array> {
  let out: Uint8Array | undefined;
  try {
    out = await gunzipBounded(bytes, limit);
  } catch (thrown) {
    throw new HistoryError(
      'bad-gzip',
      `not valid gzip data: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      {
        source,
      },
    );
  }
  if (!out) throw tooLarge('the inflated gzip data', limit, source);
  return out;
}
