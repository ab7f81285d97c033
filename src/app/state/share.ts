/**
 * Making a link or a bundle of the current session (the Share dialog). The page says where its
 * sources came from and what it shows (filter, selection); the worker, which holds the history,
 * builds the shared state and the link or bundle.
 */
import type { ComponentOrigin, ShareView } from '../../engine/remote/protocol.ts';
import { asEngineError, engine, get, set, type ShareUi } from './store.ts';

const patchShare = (patch: Partial<ShareUi>) => set((s) => ({ share: { ...s.share, ...patch } }));

function shareView(): ShareView {
  const s = get();
  const ref = s.component.ref;
  const component: ComponentOrigin | undefined = !s.component.summary
    ? undefined
    : ref?.kind === 'example'
      ? { kind: 'example', id: ref.id }
      : ref?.kind === 'url'
        ? { kind: 'url', url: ref.url }
        : { kind: 'file' };
  return {
    ...(component && { component }),
    ...(s.history.ref?.kind === 'url' && { historyUrl: s.history.ref.url }),
    filter: s.filter,
    ...(s.selection && { selection: s.selection }),
  };
}

/** Where links open: this page, without its fragment or query (a query opens sources itself). */
const appUrl = () => `${location.origin}${location.pathname}`;

/** Opens the Share dialog with a link to the session as it is now. */
export async function openShareDialog(): Promise<void> {
  if (!get().session) return;
  set((s) => ({
    dialog: 'share',
    share: { ...s.share, offer: undefined, error: undefined, bundle: undefined, making: 'link' },
  }));
  try {
    const offer = await engine().request('share-link', { view: shareView(), appUrl: appUrl() });
    patchShare({ offer, making: undefined });
  } catch (thrown) {
    patchShare({ error: asEngineError(thrown), making: undefined });
  }
}

/** Makes a bundle (history, component and state) and saves it as a download. */
export async function downloadBundle(): Promise<void> {
  patchShare({ making: 'bundle', error: undefined, bundle: undefined });
  try {
    const file = await engine().request('share-bundle', { view: shareView() });
    const url = URL.createObjectURL(new Blob([file.bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.click();
    // The download reads the blob after this task; a minute is ample before letting it go.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    patchShare({ making: undefined, bundle: { name: file.name, size: file.bytes.byteLength } });
  } catch (thrown) {
    patchShare({ error: asEngineError(thrown), making: undefined });
  }
}
