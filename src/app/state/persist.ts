/**
 * What the page remembers across reloads, in IndexedDB: the sources opened recently (their bytes,
 * so they reopen offline) and the last session (which sources, replay mode, cursor, breakpoints,
 * selection), restored on the next load. Storage failures never break the page: they are logged
 * and the page carries on without memory.
 */
import type { Breakpoint, EventFilter, ReplayMode } from '../../engine/remote/protocol.ts';

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

/** How to get a source back. */
export type SourceRef =
  | { kind: 'example'; id: string }
  | { kind: 'recent'; id: string; label: string }
  | { kind: 'url'; url: string };

/** A source's identity (a recent source's label is only what the list shows of it). */
export function sourceRefKey(ref: SourceRef): string {
  return ref.kind === 'url' ? `url:${ref.url}` : `${ref.kind}:${ref.id}`;
}

export type Selection =
  | { kind: 'event'; eventId: number }
  | { kind: 'task'; task: number }
  | { kind: 'step'; step: number }
  | { kind: 'call'; step: number; seq: number }
  | { kind: 'command'; step: number; position: number };

export interface LastSession {
  component?: SourceRef;
  history?: SourceRef;
  /** A new run of the component (no recorded history). */
  run?: { workflowType: string; args: unknown[] };
  mode: ReplayMode;
  /** Index of the current activation (-1: before the first). */
  step: number;
  breakpoints: Breakpoint[];
  selection?: Selection;
  filter?: EventFilter;
  zoom?: number;
  /** The simulation scenario being edited (JSON text). */
  scenario?: string;
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

export function saveLastSession(session: LastSession): Promise<void> {
  return quietly('save the session', undefined, async () => {
    await done((await store(STATE, 'readwrite')).put(session, LAST_SESSION));
  });
}

export function loadLastSession(): Promise<LastSession | undefined> {
  return quietly('read the last session', undefined, async () =>
    done((await store(STATE, 'readonly')).get(LAST_SESSION) as IDBRequest<LastSession | undefined>),
  );
}
