/**
 * What the page remembers across reloads, in IndexedDB: the sources opened recently (their bytes,
 * so they reopen offline) and the last session (which sources, replay mode, cursor, breakpoints,
 * selection), restored on the next load. Storage failures never break the page: they are logged
 * and the page carries on without memory. A saved session is untrusted on the way back (another
 * version of the page wrote it, or storage was damaged): it is checked with the shared state's
 * schema, and one that does not pass is dropped with a message saying why.
 */
import * as v from 'valibot';
import { parse, SchemaProblem, strictObject, variant } from '../../engine/schema.ts';
import { shareStateFields, type SharedSelection } from '../../engine/share/state.ts';

const DB_NAME = 'workflow-playground';
const DB_VERSION = 1;
const SOURCES = 'sources';
const STATE = 'state';
const LAST_SESSION = 'last-session';
/** Recent sources kept; the oldest beyond this are dropped. */
const RECENT_LIMIT = 12;

export type SourceKind = 'history' | 'component';

export interface RecentSource {
  /** SHA-256 of the bytes: the same file opened twice is one entry. */
  id: string;
  kind: SourceKind;
  label: string;
  size: number;
  openedAt: number;
  bytes: ArrayBuffer;
}

export type RecentSummary = Omit<RecentSource, 'bytes'>;

const words = {
  notObject: () => 'is not an object',
  unknownKey: () => 'is not a field of a saved session',
};
const text = v.pipe(v.string('is not text'), v.maxLength(10_000, 'is too long'));

/** How to get a source back. */
const sourceRefSchema = variant(
  'kind',
  [
    strictObject({ kind: v.literal('example'), id: text }, words),
    /** `id`: the SHA-256 of a recent source's bytes. */
    strictObject({ kind: v.literal('recent'), id: text, label: text }, words),
    strictObject({ kind: v.literal('url'), url: text }, words),
  ],
  { notObject: words.notObject, noVariant: (choices) => `is not one of ${choices.join(', ')}` },
);
export type SourceRef = v.InferOutput<typeof sourceRefSchema>;

/** A source's identity (a recent source's label is only what the list shows of it). */
export function sourceRefKey(ref: SourceRef): string {
  return ref.kind === 'url' ? `url:${ref.url}` : `${ref.kind}:${ref.id}`;
}

/** What is selected: the shared state's selection. */
export type Selection = SharedSelection;

/** Bumped when a saved session's shape changes; an older one is dropped, not misread. */
const FORMAT = 2;

/**
 * The last session: the shared state's view of it (mode, cursor, breakpoints, filter, selection),
 * how to get its sources back in this browser, and what only the page keeps.
 */
const lastSessionSchema = strictObject(
  {
    format: v.literal(FORMAT),
    mode: shareStateFields.mode,
    cursor: shareStateFields.cursor,
    breakpoints: shareStateFields.breakpoints,
    filter: shareStateFields.filter,
    selection: shareStateFields.selection,
    component: v.optional(sourceRefSchema),
    history: v.optional(sourceRefSchema),
    /** A new run of the component (no recorded history). */
    run: v.optional(
      strictObject({ workflowType: text, args: v.array(v.unknown(), 'is not a list') }, words),
    ),
    zoom: v.optional(v.number('is not a number')),
    /** The simulation scenario being edited, as its text (it may not parse yet). */
    scenarioText: v.optional(v.string('is not text')),
  },
  words,
);
export type LastSession = v.InferOutput<typeof lastSessionSchema>;
/** What the page saves (the format is added on the way in). */
export type SessionToSave = Omit<LastSession, 'format'>;

/** The saved session, or why the one saved cannot be used (the entry is then dropped). */
export type SavedSession = { session?: LastSession; problem?: string };

/** Checks a saved session as read back from storage. */
export function readSavedSession(value: unknown): SavedSession {
  if (value === undefined) return {};
  const damaged = (why: string) => ({
    problem: `The saved last session is damaged (${why}) and was not restored.`,
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return damaged('it is not an object');
  if ((value as { format?: unknown }).format !== FORMAT)
    return {
      problem:
        'The last session was saved by another version of Workflow Playground and was not restored.',
    };
  try {
    return { session: parse(lastSessionSchema, value) };
  } catch (thrown) {
    if (!(thrown instanceof SchemaProblem)) throw thrown;
    return damaged(`${thrown.path} ${thrown.problem}`);
  }
}

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(SOURCES)) db.createObjectStore(SOURCES, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(STATE)) db.createObjectStore(STATE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
  return opening;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

async function store(name: string, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(name, mode).objectStore(name);
}

async function quietly<T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (thrown) {
    console.warn(`Could not ${what}:`, thrown);
    return fallback;
  }
}

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Remembers a source; returns its id (or undefined when storage is unavailable). */
export function rememberSource(
  kind: SourceKind,
  label: string,
  bytes: ArrayBuffer,
): Promise<string | undefined> {
  return quietly('remember a recent source', undefined, async () => {
    const id = await sha256(bytes);
    const entry: RecentSource = {
      id,
      kind,
      label,
      size: bytes.byteLength,
      openedAt: Date.now(),
      bytes,
    };
    await done((await store(SOURCES, 'readwrite')).put(entry));
    const all = await listRecent();
    for (const old of all.slice(RECENT_LIMIT))
      await done((await store(SOURCES, 'readwrite')).delete(old.id));
    return id;
  });
}

export function listRecent(): Promise<RecentSummary[]> {
  return quietly('list recent sources', [], async () => {
    const summaries: RecentSummary[] = [];
    const cursor = (await store(SOURCES, 'readonly')).openCursor();
    await new Promise<void>((resolve, reject) => {
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve();
        const { bytes: _bytes, ...summary } = c.value as RecentSource;
        summaries.push(summary);
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error ?? new Error('cursor failed'));
    });
    return summaries.sort((a, b) => b.openedAt - a.openedAt);
  });
}

export function readRecent(id: string): Promise<RecentSource | undefined> {
  return quietly('read a recent source', undefined, async () =>
    done((await store(SOURCES, 'readonly')).get(id) as IDBRequest<RecentSource | undefined>),
  );
}

export function saveLastSession(session: SessionToSave): Promise<void> {
  return quietly('save the session', undefined, async () => {
    const saved: LastSession = { format: FORMAT, ...session };
    await done((await store(STATE, 'readwrite')).put(saved, LAST_SESSION));
  });
}

/** The last session, checked; one that does not pass is deleted and `problem` says why. */
export function loadLastSession(): Promise<SavedSession> {
  return quietly('read the last session', {}, async () => {
    const saved = readSavedSession(await done((await store(STATE, 'readonly')).get(LAST_SESSION)));
    if (saved.problem) {
      console.warn(saved.problem);
      await done((await store(STATE, 'readwrite')).delete(LAST_SESSION));
    }
    return saved;
  });
}
