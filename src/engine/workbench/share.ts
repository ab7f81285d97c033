/**
 * Sharing, on the worker's side: the shared state is built here because the history it carries
 * lives here, and links and bundles are opened here so that decompressing and loading a large
 * history never blocks the page. What crosses to the page is plain data (`SharePlan`).
 */
import type { LoadedHistory } from '../history/index.ts';
import type { Breakpoint } from '../session/session.ts';
import {
  BUNDLE_EXTENSION,
  checkStateAgainstHistory,
  createBundle,
  createShareLink,
  fetchArtefact,
  fetchSharedHistory,
  openBundle,
  openShareFragment,
  planSession,
  type ComponentRef,
  type HistoryRef,
  type ShareResult,
  type ShareState,
} from '../share/index.ts';
import { settleSync } from '../share/errors.ts';
import { checkArtefactUrl, checkFields, toLabel } from '../share/state.ts';
import type { Scenario } from '../sim/scenario.ts';
import { EngineFailure } from './errors.ts';
import type {
  CodeSummary,
  ReplayMode,
  ShareAction,
  ShareBundleFile,
  ShareInput,
  ShareLinkOffer,
  SharePlan,
  ShareView,
} from '../remote/protocol.ts';

/** The session as the workbench holds it. */
export interface ShareSubject {
  history: { loaded: LoadedHistory; label: string };
  component?: { summary: CodeSummary; bytes: Uint8Array };
  mode: ReplayMode;
  cursor: { step: number; call?: number };
  breakpoints: Breakpoint[];
  workflowId?: string;
  /** The workflow function chosen to replay the history, when not the history's own type. */
  workflowFunction?: string;
  /** The scenario a simulated history was recorded from. */
  scenario?: Scenario;
}

function unwrap<T>(result: ShareResult<T>): T {
  if (!result.ok) throw new EngineFailure(result.error.code, result.error.message);
  return result.value;
}

/**
 * The URL a source was opened from, when a receiver elsewhere can fetch it too: https (an http
 * URL, even to localhost, names a server on the sender's machine). Otherwise the link carries or
 * pins the source instead.
 */
function httpsUrl(url: string | undefined): string | undefined {
  if (!url?.startsWith('https:')) return undefined;
  const checked = settleSync(() => checkFields('url', () => checkArtefactUrl(url, 'url')));
  return checked.ok ? checked.value : undefined;
}

const byHash = (component: NonNullable<ShareSubject['component']>): ComponentRef => ({
  kind: 'sha256',
  sha256: component.summary.hash,
  label: toLabel(component.summary.label),
  size: component.summary.byteLength,
});

function componentRef(subject: ShareSubject, view: ShareView): ComponentRef | undefined {
  const component = subject.component;
  if (!component || !view.component) return undefined;
  switch (view.component.kind) {
    case 'example':
      return { kind: 'example', id: view.component.id };
    case 'url': {
      const url = httpsUrl(view.component.url);
      // Pinned by hash: a component rebuilt at the same URL is reported, not silently run.
      if (url) return { kind: 'url', url, sha256: component.summary.hash };
      return byHash(component);
    }
    case 'file':
      // Replaying the history alone needs no code: do not ask the receiver for a file.
      return subject.mode === 'component' ? byHash(component) : undefined;
  }
}

function shareState(
  subject: ShareSubject,
  view: ShareView,
  component: ComponentRef | undefined,
  history: HistoryRef,
): ShareState {
  return {
    history,
    ...(component && { component }),
    mode: subject.mode,
    cursor: subject.cursor,
    breakpoints: subject.breakpoints,
    filter: view.filter,
    ...(view.selection && { selection: view.selection }),
    ...(subject.workflowId !== undefined && { workflowId: subject.workflowId }),
    ...(subject.mode === 'component' &&
      subject.workflowFunction !== undefined && { workflowFunction: subject.workflowFunction }),
    ...(subject.scenario && { scenario: subject.scenario }),
  };
}

const inline = (subject: ShareSubject): HistoryRef => ({
  kind: 'inline',
  label: toLabel(subject.history.label),
});

export async function shareLink(
  subject: ShareSubject,
  view: ShareView,
  appUrl: string,
): Promise<ShareLinkOffer> {
  const historyUrl = httpsUrl(view.historyUrl);
  const history: HistoryRef = historyUrl ? { kind: 'url', url: historyUrl } : inline(subject);
  const component = componentRef(subject, view);
  const made = await createShareLink(
    {
      state: shareState(subject, view, component, history),
      ...(history.kind === 'inline' && { history: subject.history.loaded }),
    },
    appUrl,
  );
  const offer: ShareLinkOffer = { history, ...(component && { component }) };
  if (!made.ok) return { ...offer, linkError: made.error };
  const { url, payloadBytes, compressedBytes, historyForm } = made.value;
  return {
    ...offer,
    link: { url, payloadBytes, compressedBytes, ...(historyForm && { historyForm }) },
  };
}

/** A bundle carries the history and the component's bytes, so it opens anywhere, offline. */
export async function shareBundle(
  subject: ShareSubject,
  view: ShareView,
): Promise<ShareBundleFile> {
  const component = subject.component;
  const bundle = unwrap(
    await createBundle({
      state: shareState(subject, view, component && byHash(component), inline(subject)),
      history: subject.history.loaded,
      ...(component && { component: component.bytes }),
    }),
  );
  const base =
    subject.history.label
      .split(/[/\\]/)
      .pop()!
      .replace(/\.[^.]*$/, '') || 'session';
  return {
    bytes: ownBuffer(bundle.bytes),
    name: `${toLabel(base)}${BUNDLE_EXTENSION}`,
    payloadBytes: bundle.payloadBytes,
  };
}

/** A buffer holding exactly these bytes (a view may share a larger one), safe to transfer. */
const ownBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

export async function openShare(input: ShareInput): Promise<SharePlan | null> {
  const opened = unwrap(
    input.kind === 'fragment'
      ? await openShareFragment(input.fragment)
      : await openBundle(input.file),
  );
  if (!opened) return null;
  const actions = planSession(opened).map((action): ShareAction => {
    if (action.kind === 'open-history' && action.source.kind === 'loaded') {
      const { bytes, label } = action.source.history;
      return { ...action, source: { kind: 'bytes', bytes: ownBuffer(bytes), label } };
    }
    if (action.kind === 'load-component' && action.source.kind === 'bytes') {
      const { bytes, label, sha256 } = action.source;
      return { ...action, source: { kind: 'bytes', bytes: ownBuffer(bytes), label, sha256 } };
    }
    return action as ShareAction;
  });
  return { state: opened.state, actions };
}

/** Buffers a plan carries, to transfer rather than copy. */
export function planBuffers(plan: SharePlan | null): ArrayBuffer[] {
  return (plan?.actions ?? []).flatMap((a) =>
    (a.kind === 'open-history' || a.kind === 'load-component') && a.source.kind === 'bytes'
      ? [a.source.bytes]
      : [],
  );
}

/** A history a link names by URL: fetched under the size limit, pinned, checked against the state. */
export async function fetchHistoryForShare(
  url: string,
  sha256: string | undefined,
  state: ShareState,
): Promise<{ bytes: ArrayBuffer; label: string }> {
  const shared = unwrap(await fetchSharedHistory(url, sha256));
  unwrap(await checkStateAgainstHistory(state, shared.loaded));
  return { bytes: ownBuffer(shared.bytes), label: shared.label };
}

/** A component a link names by URL: fetched under the size limit, checked against its pin. */
export async function fetchComponentForShare(
  url: string,
  sha256: string | undefined,
): Promise<{ bytes: ArrayBuffer }> {
  const bytes = unwrap(
    await fetchArtefact(url, { what: 'the component', ...(sha256 && { sha256 }) }),
  );
  return { bytes: ownBuffer(bytes) };
}
