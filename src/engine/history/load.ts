/**
 * `loadHistory`: any supported input → the model the engine uses. Synchronous (the UI worker and
 * the CLI call it directly); `loadHistoryAsync` adds what needs I/O or streams: gzip (through
 * `DecompressionStream`, present in Node ≥ 18 and Chromium) and URLs (through `fetch`).
 */
import { readBinaryHistory } from './binary.ts';
import { detectBytes, detectText } from './detect.ts';
import { HistoryError, type HistoryWarning } from './errors.ts';
import { HistoryEventType, eventIdOf, type HistoryEvent } from './events.ts';
import { parseJsonText, readJsonHistory, type JsonDialect, type JsonShape } from './json.ts';
import { inspectDecoded } from './normalize.ts';
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
}

export interface LoadOptions {
  /** File name or URL, used in every error and warning. */
  name?: string;
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
  const warnings: HistoryWarning[] = [];
  let events: HistoryEvent[];
  let format: HistoryFormat;
  if (typeof input === 'string') {
    if (detectText(input) !== 'json') throw notAHistory(source);
    ({ events, format } = fromJson(input, warnings, source, gzip));
  } else {
    if (input.length === 0) throw new HistoryError('empty', 'the input is empty', { source });
    switch (detectBytes(input)) {
      case 'gzip':
        throw new HistoryError(
          'gzip-needs-async',
          'the input is gzip-compressed: load it with loadHistoryAsync',
          {
            source,
          },
        );
      case 'json':
        ({ events, format } = fromJson(decodeUtf8(input, source), warnings, source, gzip));
        break;
      case 'text':
        throw notAHistory(source);
      case 'binary':
        events = readBinaryHistory(input, warnings, source);
        for (const event of events) {
          inspectDecoded(HistoryEventType, event as never, '', {
            location: { source, eventId: eventIdOf(event) },
            warnings,
          });
        }
        format = { kind: 'binary', gzip };
        break;
    }
  }
  validateEvents(events, warnings, source);
  const { tasks, unappliedEvents } = groupWorkflowTasks(events);
  return {
    ...(source !== undefined && { source }),
    events,
    format,
    warnings,
    workflowTasks: tasks,
    unappliedEvents,
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
    throw new HistoryError('not-json', 'the input looks like JSON but is not valid UTF-8', {
      source,
    });
  }
}

function notAHistory(source?: string): HistoryError {
  return new HistoryError(
    'not-history',
    'not a Temporal history: expected proto3 JSON ({"events": [...]}), a JSON array of events, or a binary History protobuf, optionally gzip-compressed',
    { source },
  );
}

export type HistoryInput = Uint8Array | string | Blob | URL;

/** Like `loadHistory`, and also gzip (any form inside), Blobs/Files and http(s) URLs. */
export async function loadHistoryAsync(
  input: HistoryInput,
  options: LoadOptions = {},
): Promise<LoadedHistory> {
  let name = options.name;
  let bytes: Uint8Array | string;
  if (input instanceof URL) {
    name ??= input.href;
    bytes = await fetchBytes(input, name);
  } else if (typeof Blob !== 'undefined' && input instanceof Blob) {
    bytes = new Uint8Array(await input.arrayBuffer());
  } else {
    bytes = input as Uint8Array | string;
  }
  const named = name === undefined ? {} : { name };
  if (typeof bytes !== 'string' && bytes.length > 0 && detectBytes(bytes) === 'gzip') {
    return loadDecompressed(await gunzip(bytes, name), named, true);
  }
  return loadDecompressed(bytes, named, false);
}

async function fetchBytes(url: URL, source: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    throw new HistoryError(
      'fetch-failed',
      `could not fetch: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      {
        source,
      },
    );
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
  return new Uint8Array(await response.arrayBuffer());
}

export async function gunzip(bytes: Uint8Array, source?: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (thrown) {
    throw new HistoryError(
      'bad-gzip',
      `not valid gzip data: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      {
        source,
      },
    );
  }
}
