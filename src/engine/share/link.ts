/**
 * Links that reopen a session. Everything is in the fragment, which browsers never send to a
 * server. Two forms:
 *
 * - `#share=v1.<n>.<data>`: the whole session (state and history), deflated and base64url-encoded;
 *   `n` is the number of compressed bytes, so a link cut short says so instead of "damaged".
 * - `#history=<url>&component=<url | example:id | sha256:hex>&step=<n>&event=<id>`: a readable
 *   form for teams that host their artefacts; only `history` is required.
 */
import type { LoadedHistory } from '../history/index.ts';
import { base64UrlLength, decodeBase64Url, encodeBase64Url, Base64UrlError } from './base64url.ts';
import { BoundedInflater, SHARE_FORMAT, compress } from './compression.ts';
import { encodePayload, readPayload } from './container.ts';
import { fail, settle, type ShareResult } from './errors.ts';
import { historyCandidates, type HistoryForm } from './history-form.ts';
import { LINK_MAX_CHARS, LINK_MAX_DECOMPRESSED } from './limits.ts';
import { openPayload, type OpenedShare } from './open.ts';
import {
  FieldProblem,
  checkArtefactUrl,
  checkFields,
  componentRef,
  integer,
  readShareState,
  writeShareState,
  type ComponentRef,
  type ShareState,
} from './state.ts';

const SHARE = 'share';
const READABLE = ['history', 'component', 'step', 'event'] as const;
const VERSION_TAG = 'v1';

/** What the sender has: the state, and the loaded history when the state says it is inline. */
export interface ShareSource {
  state: ShareState;
  history?: LoadedHistory;
}

export interface ShareLink {
  url: string;
  historyForm?: HistoryForm;
  /** Payload bytes before and after compression. */
  payloadBytes: number;
  compressedBytes: number;
}

/** The state as it will travel, checked with the same rules as on arrival. */
export function sealState(source: ShareSource): string {
  const inline = source.state.history?.kind === 'inline';
  if (inline !== (source.history !== undefined))
    throw new Error('a history must be given exactly when the state says it is inline');
  const json = writeShareState(source.state);
  readShareState(JSON.parse(json));
  return json;
}

/**
 * A link that reopens `source` in the app at `appUrl`, or a `too-large` error (with the length it
 * would need) when it does not fit in LINK_MAX_CHARS: then share a bundle instead.
 */
export function createShareLink(
  source: ShareSource,
  appUrl: string,
): Promise<ShareResult<ShareLink>> {
  return settle(async () => {
    const base = appBase(appUrl);
    const state = sealState(source);
    let best: { compressed: Uint8Array; payloadBytes: number; form?: HistoryForm } | undefined;
    const candidates = source.history ? historyCandidates(source.history) : [undefined];
    for (const candidate of candidates) {
      const payload = encodePayload({ state, ...(candidate && { history: candidate.bytes }) });
      const compressed = await compress(payload, SHARE_FORMAT);
      if (!best || compressed.length < best.compressed.length)
        best = {
          compressed,
          payloadBytes: payload.length,
          ...(candidate && { form: candidate.form }),
        };
    }
    const { compressed, payloadBytes, form } = best!;
    const url = `${base}#${SHARE}=${VERSION_TAG}.${compressed.length}.${encodeBase64Url(compressed)}`;
    if (url.length > LINK_MAX_CHARS) {
      fail(
        'too-large',
        `this session needs a link of ${url.length.toLocaleString('en')} characters; links hold at most ${LINK_MAX_CHARS.toLocaleString('en')} (longer ones get cut in address bars, chat and issue trackers). Share a bundle file instead, or host the history and link to it.`,
      );
    }
    return {
      url,
      ...(form && { historyForm: form }),
      payloadBytes,
      compressedBytes: compressed.length,
    };
  });
}

export interface UrlLinkTarget {
  history: string;
  component?: ComponentRef;
  step?: number;
  event?: number;
}

/** The readable form: `#history=<url>&component=…`. The component's hash pin cannot be written. */
export function createUrlLink(appUrl: string, target: UrlLinkTarget): string {
  const params = new URLSearchParams({ history: target.history });
  const c = target.component;
  if (c) {
    params.set(
      'component',
      c.kind === 'example' ? `example:${c.id}` : c.kind === 'sha256' ? `sha256:${c.sha256}` : c.url,
    );
  }
  if (target.step !== undefined) params.set('step', String(target.step));
  if (target.event !== undefined) params.set('event', String(target.event));
  return `${appBase(appUrl)}#${params}`;
}

function appBase(appUrl: string): string {
  let url: URL;
  try {
    url = new URL(appUrl);
  } catch {
    throw new Error(`the app URL ${JSON.stringify(appUrl)} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`the app URL ${JSON.stringify(appUrl)} must be http or https`);
  url.hash = '';
  return url.href;
}

/**
 * Reads a URL fragment (`location.hash`, with or without `#`). `undefined` when it holds no shared
 * session (an ordinary anchor, or nothing); an error for one that cannot be opened.
 */
export function openShareFragment(fragment: string): Promise<ShareResult<OpenedShare | undefined>> {
  return settle(async () => {
    const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
    if (!/(^|&)(share|history|component)=/.test(text)) return undefined;
    if (text.length > LINK_MAX_CHARS) {
      fail(
        'too-large',
        `the link is ${text.length.toLocaleString('en')} characters long; Workflow Playground writes at most ${LINK_MAX_CHARS.toLocaleString('en')}, so this one was not made by it`,
      );
    }
    const params = new URLSearchParams(text);
    const keys = [...params.keys()];
    const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
    if (duplicate) fail('damaged', `the link has the parameter ${duplicate} twice`);
    if (params.has(SHARE)) {
      const other = keys.find((key) => key !== SHARE);
      if (other)
        fail('damaged', `the link has ${other}= beside share=; a share link has nothing else`);
      return openCompressed(params.get(SHARE)!);
    }
    const unknown = keys.find((key) => !(READABLE as readonly string[]).includes(key));
    if (unknown)
      fail(
        'bad-field',
        `the link has an unknown parameter ${unknown}; it may have ${READABLE.join(', ')}`,
        { field: unknown },
      );
    return { state: readableState(params) };
  });
}

/** Characters prose adds after a link ("see <link>." or "(<link>)"); never base64url. */
const PROSE_TAIL = /^[.,;:!?)\]}>'"]+$/;

async function openCompressed(value: string): Promise<OpenedShare> {
  if (`${VERSION_TAG}.`.startsWith(value) || new RegExp(`^${VERSION_TAG}\\.\\d*$`).test(value))
    fail('truncated', 'the link is cut off before its data: copy the whole link again');
  const version = /^v(\d{1,6})\./.exec(value);
  if (!version) {
    fail(
      'not-a-share',
      `the link's share= value is not a Workflow Playground session (expected ${VERSION_TAG}.<length>.<data>)`,
    );
  }
  if (`v${version[1]}` !== VERSION_TAG) {
    if (Number(version[1]) > 1)
      fail(
        'newer-version',
        `the link was made by a newer Workflow Playground (format v${version[1]}; this one reads ${VERSION_TAG}): open it with the newer version`,
      );
    fail('not-a-share', `the link's format v${version[1]} does not exist`);
  }
  const body = /^(\d{1,8})\.(.*)$/s.exec(value.slice(version[0].length));
  if (!body) fail('damaged', `the link is damaged: expected <length>.<data> after ${VERSION_TAG}.`);
  const [, count, rest] = body;
  const byteCount = Number(count);
  const expected = base64UrlLength(byteCount);
  let data = rest!;
  if (data.length < expected) {
    fail(
      'truncated',
      `the link is cut off: it holds ${data.length.toLocaleString('en')} of its ${expected.toLocaleString('en')} characters of data. Copy the whole link again (terminals and chat apps sometimes break long links).`,
    );
  }
  if (data.length > expected) {
    const tail = data.slice(expected);
    if (!PROSE_TAIL.test(tail))
      fail(
        'damaged',
        `the link is damaged: ${tail.length} unexpected characters follow its data (${JSON.stringify(tail.slice(0, 20))})`,
      );
    data = data.slice(0, expected);
  }
  let compressed: Uint8Array;
  try {
    compressed = decodeBase64Url(data);
  } catch (thrown) {
    if (!(thrown instanceof Base64UrlError)) throw thrown;
    return fail('damaged', `the link is damaged: ${thrown.message}`);
  }
  const inflater = new BoundedInflater(
    compressed,
    SHARE_FORMAT,
    LINK_MAX_DECOMPRESSED,
    'the link',
    true,
  );
  try {
    return await openPayload(await readPayload(inflater, 'the link'), 'the link');
  } finally {
    await inflater.close();
  }
}

function readableState(params: URLSearchParams): ShareState {
  return checkFields<ShareState>('link parameter', () => {
    const history = params.get('history');
    if (history === null) throw new FieldProblem('history', 'is missing (the URL of a history)');
    const component = params.get('component');
    const step = params.get('step');
    const event = params.get('event');
    return {
      history: { kind: 'url', url: checkArtefactUrl(history, 'history') },
      ...(component !== null && { component: componentParam(component) }),
      mode: component !== null ? 'component' : 'echo',
      cursor: { step: step === null ? -1 : integer(numeric(step), 'step', -1) },
      breakpoints: [],
      ...(event !== null && {
        selection: { kind: 'event', eventId: integer(numeric(event), 'event', 1) },
      }),
    };
  });
}

const numeric = (text: string): unknown => (/^-?\d{1,15}$/.test(text) ? Number(text) : text);

function componentParam(value: string): ComponentRef {
  const [, scheme, rest] = /^(example|sha256):(.*)$/s.exec(value) ?? [];
  const json =
    scheme === 'example'
      ? { kind: 'example', id: rest }
      : scheme === 'sha256'
        ? { kind: 'sha256', sha256: rest }
        : { kind: 'url', url: value };
  try {
    return componentRef(json, 'component');
  } catch (thrown) {
    // Name the parameter, not the state field it maps to.
    if (thrown instanceof FieldProblem) throw new FieldProblem('component', thrown.problem);
    throw thrown;
  }
}
