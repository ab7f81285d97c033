/** The Share dialog: a link that reopens this session, or a bundle file when a link cannot hold it. */
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { bytes, plural, sentence } from '../common/format.ts';
import type { ShareLinkOffer } from '../../engine/remote/protocol.ts';
import { downloadBundle } from '../state/share.ts';
import { get, set, useApp } from '../state/store.ts';

/** What the receiver will see, in words. */
function describeSession(): string {
  const s = get();
  const session = s.session!;
  const { step, call } = session.cursor;
  const at =
    step < 0
      ? 'before the first activation'
      : `at activation ${step + 1}${call !== undefined ? `, call ${call + 1}` : ''}`;
  const how =
    session.mode === 'component'
      ? 'replayed with its component'
      : 'replayed from the history alone';
  const extras = [
    session.breakpoints.length > 0 && plural(session.breakpoints.length, 'breakpoint'),
    s.filtered && 'the event filter',
    s.selection && 'the selection',
  ].filter((x): x is string => !!x);
  const tail =
    extras.length === 0
      ? ''
      : `, with ${extras.length === 1 ? extras[0] : `${extras.slice(0, -1).join(', ')} and ${extras.at(-1)}`}`;
  return `It opens this history ${at}, ${how}${tail}.`;
}

function LinkBox({ link }: { link: NonNullable<ShareLinkOffer['link']> }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();
  // Focused (and so selected) as soon as it is there: Ctrl+C copies it.
  useEffect(() => input.current?.focus(), []);
  const copy = () =>
    navigator.clipboard.writeText(link.url).then(
      () => setCopied('Copied.'),
      () => {
        // No clipboard (a page served over plain http): the link is selected for Ctrl+C.
        input.current?.select();
        setCopied('Press Ctrl+C to copy the selected link.');
      },
    );
  const form = link.historyForm === 'binary' ? 'binary protobuf' : 'proto3 JSON';
  return (
    <>
      <div className="share-link">
        <input
          ref={input}
          readOnly
          className="mono"
          aria-label="Share link"
          data-testid="share-link"
          value={link.url}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p className="muted share-size" data-testid="share-size">
        {plural(link.url.length, 'character')} · session {bytes(link.payloadBytes)} →{' '}
        {bytes(link.compressedBytes)} compressed
        {link.historyForm ? ` (history as ${form})` : ' (the history by its URL)'}
        {copied && <span className="share-copied"> {copied}</span>}
      </p>
    </>
  );
}

function Sources({ offer }: { offer: ShareLinkOffer }) {
  const loaded = useApp((s) => s.component.summary);
  const component = offer.component;
  return (
    <ul className="share-sources">
      {offer.history?.kind === 'url' && (
        <li>
          History: fetched by the receiver's browser from <code>{offer.history.url}</code> (the
          server must allow it: <code>Access-Control-Allow-Origin</code>).
        </li>
      )}
      {!component && loaded && (
        <li>The replay uses the history alone: the link does not name {loaded.label}.</li>
      )}
      {component?.kind === 'example' && (
        <li>
          Component: the bundled example <strong>{component.id}</strong>.
        </li>
      )}
      {component?.kind === 'url' && (
        <li>
          Component: fetched from <code>{component.url}</code> and checked against its SHA-256.
        </li>
      )}
      {component?.kind === 'sha256' && (
        <li className="share-warn" data-testid="share-local-component">
          The component <strong>{component.label}</strong> is a file on your machine: the receiver
          must have the same file
          {component.size !== undefined && ` (${bytes(component.size)})`}, checked by its SHA-256,
          or open a bundle, which carries it.
        </li>
      )}
    </ul>
  );
}

function TooLarge({ error }: { error: NonNullable<ShareLinkOffer['linkError']> }) {
  return (
    <>
      <div className="share-too-large" data-testid="share-too-large">
        <strong>
          {error.code === 'too-large' ? 'Too large for a link.' : 'No link for this session.'}
        </strong>{' '}
        {sentence(error.message)}
      </div>
      <p>
        A bundle is one <code>.wpbundle</code> file with the history, the component and this state.
        The receiver drops it on the page, or opens it with <em>Open → Shared session bundle…</em>
      </p>
      <p className="muted">
        Teams that host their artefacts can link to them instead:{' '}
        <code>
          {location.origin}
          {location.pathname}#history=https://…&amp;component=https://…
        </code>
        , served over https with <code>Access-Control-Allow-Origin</code>.
      </p>
    </>
  );
}

export function ShareDialog() {
  const share = useApp((s) => s.share);
  const offer = share.offer;
  const close = () => set({ dialog: undefined });
  const tooLarge = !!offer?.linkError;
  return (
    <Dialog title="Share this session" onClose={close}>
      <div className="share-dialog" data-testid="share-dialog">
        {share.making === 'link' && <p className="muted">Making the link…</p>}
        {offer && <p>{describeSession()}</p>}
        {offer?.link && <LinkBox link={offer.link} />}
        {offer?.linkError && <TooLarge error={offer.linkError} />}
        {offer?.link && <Sources offer={offer} />}
        {offer?.link && (
          <p className="muted">
            The session travels in the part after <code>#</code>, which browsers never send to a
            server. For a receiver without the component, or a session too large for a link, send a
            bundle: one file with the history and the component.
          </p>
        )}
        {share.error && (
          <p className="bad-text" role="alert">
            {share.error.message}
          </p>
        )}
        <div className="dialog-actions">
          {share.bundle && (
            <span className="muted share-saved" data-testid="share-saved">
              Saved {share.bundle.name} ({bytes(share.bundle.size)}).
            </span>
          )}
          <button
            type="button"
            className={tooLarge ? 'primary' : 'secondary'}
            disabled={!!share.making}
            onClick={() => void downloadBundle()}
          >
            {share.making === 'bundle' ? 'Making the bundle…' : 'Download bundle'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
