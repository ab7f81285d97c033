/**
 * `replay --links`: for a failing replay, a link that opens the app at the failure (the failing
 * activation current, the divergence event selected), with the history inside the link and the
 * component referred to by URL (`--component-url`, where the receiver's browser can fetch it) or
 * by content hash (the receiver picks the same file).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LoadedHistory } from '../../engine/history/index.ts';
import type { ReplaySession } from '../../engine/session/session.ts';
import {
  createShareLink,
  failureFocus,
  type ComponentRef,
  type ShareState,
} from '../../engine/share/index.ts';
import { checkArtefactUrl, checkFields, toLabel } from '../../engine/share/state.ts';
import { settleSync } from '../../engine/share/errors.ts';

export const DEFAULT_APP_URL = 'http://127.0.0.1:5173/';

export interface LinkSettings {
  appUrl: string;
  component?: ComponentRef;
  workflowId?: string;
}

/**
 * Checks the options and describes the component; throws an Error whose message is for the user.
 */
export function linkSettings(options: {
  appUrl?: string;
  componentPath?: string;
  componentUrl?: string;
  workflowId?: string;
}): LinkSettings {
  const appUrl = options.appUrl ?? DEFAULT_APP_URL;
  let parsed: URL | undefined;
  try {
    parsed = new URL(appUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new Error(`--app-url must be an http(s) URL where the app is served (got "${appUrl}")`);
  if (options.componentUrl && !options.componentPath)
    throw new Error('--component-url names where to fetch the --component file: give both');
  let component: ComponentRef | undefined;
  if (options.componentPath) {
    const bytes = readFileSync(options.componentPath);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (options.componentUrl) {
      const url = options.componentUrl;
      const checked = settleSync(() =>
        checkFields('option', () => checkArtefactUrl(url, '--component-url')),
      );
      if (!checked.ok) throw new Error(checked.error.message);
      component = { kind: 'url', url: checked.value, sha256 };
    } else {
      component = {
        kind: 'sha256',
        sha256,
        label: toLabel(basename(options.componentPath)),
        size: bytes.length,
      };
    }
  }
  return {
    appUrl,
    ...(component && { component }),
    ...(options.workflowId !== undefined && { workflowId: options.workflowId }),
  };
}

export type LinkOutcome = { link: string } | { linkError: string } | undefined;

/** The link for a finished replay that failed (undefined when it did not fail). */
export async function failureLink(
  settings: LinkSettings,
  history: LoadedHistory,
  session: ReplaySession,
  input: string,
): Promise<LinkOutcome> {
  const focus = failureFocus(session.verdict, session.divergence);
  if (!focus) return undefined;
  const state: ShareState = {
    history: { kind: 'inline', label: toLabel(basename(input)) },
    ...(settings.component && { component: settings.component }),
    mode: settings.component ? 'component' : 'echo',
    ...focus,
    breakpoints: [],
    ...(settings.workflowId !== undefined && { workflowId: settings.workflowId }),
  };
  const result = await createShareLink({ state, history }, settings.appUrl);
  return result.ok ? { link: result.value.url } : { linkError: result.error.message };
}
