/**
 * `replay --links` and `replay --bundles DIR`: for a failing replay, a link (or a bundle file)
 * that opens the app at the failure, the failing activation current and the divergence event
 * selected. A link carries the history and refers to the component by URL (`--component-url`,
 * where the receiver's browser can fetch it) or by content hash (the receiver picks the same
 * file); a bundle carries both, for histories too large for a link.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { LoadedHistory } from '../../engine/history/index.ts';
import type { ReplaySummary } from '../../engine/session/replay-to-end.ts';
import {
  BUNDLE_EXTENSION,
  createBundle,
  createShareLink,
  failureFocus,
  type ComponentRef,
  type ShareState,
} from '../../engine/share/index.ts';
import { settleSync } from '../../engine/share/errors.ts';
import { checkArtefactUrl, checkFields, toLabel } from '../../engine/share/state.ts';

export const DEFAULT_APP_URL = 'http://127.0.0.1:5173/';

export interface ShareSettings {
  links?: { appUrl: string; component?: ComponentRef };
  bundles?: { dir: string; component?: { ref: ComponentRef; bytes: Uint8Array } };
  workflowId?: string;
}

export interface ShareOptions {
  links?: boolean;
  appUrl?: string;
  componentUrl?: string;
  bundleDir?: string;
  componentPath?: string;
  workflowId?: string;
}

/** Checks the options; throws an Error whose message is for the user. */
export function shareSettings(options: ShareOptions): ShareSettings {
  if (!options.links && (options.appUrl || options.componentUrl))
    throw new Error('--app-url and --component-url go with --links');
  if (options.componentUrl && !options.componentPath)
    throw new Error('--component-url names where to fetch the --component file: give both');
  const bytes = options.componentPath ? readComponent(options.componentPath) : undefined;
  const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : undefined;
  const byHash: ComponentRef | undefined =
    bytes && sha256
      ? {
          kind: 'sha256',
          sha256,
          label: toLabel(basename(options.componentPath!)),
          size: bytes.length,
        }
      : undefined;
  const settings: ShareSettings =
    options.workflowId !== undefined ? { workflowId: options.workflowId } : {};
  if (options.links) {
    const appUrl = options.appUrl ?? DEFAULT_APP_URL;
    if (!/^https?:$/.test(parseUrl(appUrl)?.protocol ?? ''))
      throw new Error(`--app-url must be an http(s) URL where the app is served (got "${appUrl}")`);
    let component: ComponentRef | undefined = byHash;
    if (options.componentUrl && sha256) {
      const url = options.componentUrl;
      const checked = settleSync(() =>
        checkFields('option', () => checkArtefactUrl(url, '--component-url')),
      );
      if (!checked.ok) throw new Error(checked.error.message);
      component = { kind: 'url', url: checked.value, sha256 };
    }
    settings.links = { appUrl, ...(component && { component }) };
  }
  if (options.bundleDir) {
    mkdirSync(options.bundleDir, { recursive: true });
    settings.bundles = {
      dir: options.bundleDir,
      ...(bytes && byHash && { component: { ref: byHash, bytes } }),
    };
  }
  return settings;
}

function readComponent(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : String(thrown)}`, {
      cause: thrown,
    });
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export interface ShareOutcome {
  link?: string;
  /** Why there is no link (e.g. the history is too large for one). */
  linkError?: string;
  bundle?: string;
  bundleError?: string;
}

/** Links and bundles for a finished replay that failed (nothing when it did not fail). */
export async function shareFailure(
  settings: ShareSettings,
  history: LoadedHistory,
  replayed: Pick<ReplaySummary, 'verdict' | 'divergence'>,
  input: string,
): Promise<ShareOutcome> {
  const focus = failureFocus(replayed.verdict, replayed.divergence);
  if (!focus) return {};
  const stateWith = (component: ComponentRef | undefined): ShareState => ({
    history: { kind: 'inline', label: toLabel(basename(input)) },
    ...(component && { component }),
    mode: component ? 'component' : 'echo',
    ...focus,
    breakpoints: [],
    ...(settings.workflowId !== undefined && { workflowId: settings.workflowId }),
  });
  const outcome: ShareOutcome = {};
  if (settings.links) {
    const { appUrl, component } = settings.links;
    const made = await createShareLink({ state: stateWith(component), history }, appUrl);
    if (made.ok) outcome.link = made.value.url;
    else
      outcome.linkError = `${made.error.message}${settings.bundles ? '' : ' (--bundles DIR writes one)'}`;
  }
  if (settings.bundles) {
    const { dir, component } = settings.bundles;
    const made = await createBundle({
      state: stateWith(component?.ref),
      history,
      ...(component && { component: component.bytes }),
    });
    if (made.ok) {
      outcome.bundle = freePath(dir, basename(input, extname(input)) || 'history');
      writeFileSync(outcome.bundle, made.value.bytes);
    } else {
      outcome.bundleError = made.error.message;
    }
  }
  return outcome;
}

/** `dir/name.wpbundle`, or `dir/name-2.wpbundle`… when histories share a name. */
function freePath(dir: string, name: string): string {
  for (let i = 1; ; i++) {
    const path = join(dir, `${name}${i === 1 ? '' : `-${i}`}${BUNDLE_EXTENSION}`);
    if (!existsSync(path)) return path;
  }
}
