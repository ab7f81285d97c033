/**
 * The first screen: where to drop, pick or paste a history (or a component), the sources opened
 * recently, and the bundled examples to pick from. It draws nothing while start-up decides what
 * to open, and only a line naming the session while the last one is reopened, so what the user
 * first sees does not change under them. The brand button brings it back over an open session.
 */
import { useEffect, useRef, useState } from 'react';
import type { ExampleManifestEntry } from '../../../examples/manifest.ts';
import { set, useApp } from '../state/store.ts';
import { openDroppedFiles } from '../state/drop.ts';
import { openExample } from '../state/examples.ts';
import { openHistoryText, openRecent, showStartPage } from '../state/sources.ts';
import { bytes } from '../common/format.ts';

const LANGUAGES = [
  { label: 'TypeScript', of: (e: ExampleManifestEntry) => e.language === undefined },
  { label: 'Rust', of: (e: ExampleManifestEntry) => e.language === 'rust' },
];

/** Text pasted on the page (not into a field) opens as a history. */
function usePasteToOpen() {
  useEffect(() => {
    const paste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable], .monaco-editor')) return;
      const text = e.clipboardData?.getData('text/plain').trim();
      if (!text) return;
      e.preventDefault();
      void openHistoryText(text);
    };
    document.addEventListener('paste', paste);
    return () => document.removeEventListener('paste', paste);
  }, []);
}

function OpenCard() {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <section className="start-open" aria-labelledby="start-open-title">
      <div className="start-drop" data-testid="start-drop">
        <h2 id="start-open-title">Open a workflow history</h2>
        <p>
          Drop a history file here (or anywhere), with the workflow’s component (<code>.wasm</code>)
          to replay it with the code; without one the history replays alone.
        </p>
        <p className="muted">
          Any form Temporal writes: <code>temporal workflow show -w ID --output json</code>, a Web
          UI download, a tctl export, a binary <code>History</code>, gzip of any of these.
        </p>
        <div className="start-actions">
          <button type="button" className="primary" onClick={() => fileInput.current?.click()}>
            Choose files…
          </button>
          <button type="button" onClick={() => set({ dialog: 'paste' })}>
            Paste JSON…
          </button>
          <button type="button" onClick={() => set({ dialog: 'url' })}>
            From a URL…
          </button>
          <span className="muted">
            or press <kbd>Ctrl</kbd>+<kbd>V</kbd> on this page
          </span>
        </div>
        <input
          ref={fileInput}
          data-testid="start-file"
          type="file"
          multiple
          hidden
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) void openDroppedFiles(files);
          }}
        />
      </div>
    </section>
  );
}

function Recent() {
  const recent = useApp((s) => s.recent);
  if (recent.length === 0) return null;
  return (
    <section className="start-recent" aria-labelledby="start-recent-title">
      <h3 id="start-recent-title">Recent</h3>
      <ul>
        {recent.map((r) => (
          <li key={r.id}>
            <button type="button" className="start-row" onClick={() => void openRecent(r.id)}>
              <span className={`start-kind ${r.kind}`}>{r.kind}</span>
              <span className="start-row-label">{r.label}</span>
              <span className="muted">{bytes(r.size)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Examples() {
  const examples = useApp((s) => s.examples);
  const busy = useApp((s) => s.history.loading || s.component.loading);
  // Which card was picked: only that card says it is opening.
  const [picked, setPicked] = useState<string>();
  if (examples.length === 0) return null;
  const groups = LANGUAGES.map((l) => ({ ...l, examples: examples.filter(l.of) })).filter(
    (g) => g.examples.length > 0,
  );
  return (
    // Not labelled by its heading: the toolbar's selector is the page's one "Example" control.
    <section className="start-examples">
      <h3>
        Examples <span className="muted">· simulated runs to step through, no server needed</span>
      </h3>
      {groups.map((g) => (
        <div key={g.label}>
          {groups.length > 1 && <h4>{g.label}</h4>}
          <ul className="example-cards">
            {g.examples.map((ex) => (
              <li key={ex.id}>
                <button
                  type="button"
                  className="example-card"
                  data-example={ex.id}
                  // Named by its title alone; the description is read as its description.
                  aria-label={ex.title}
                  aria-describedby={`example-text-${ex.id}`}
                  disabled={busy}
                  onClick={() => {
                    setPicked(ex.id);
                    void openExample(ex.id);
                  }}
                >
                  <strong>{ex.title}</strong>
                  <span className="example-card-text" id={`example-text-${ex.id}`}>
                    {ex.description}
                  </span>
                  {busy && picked === ex.id && <span className="example-card-busy">Opening…</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export function StartPage() {
  usePasteToOpen();
  const startup = useApp((s) => s.startup);
  const opening = useApp((s) => s.history.loading || s.component.loading);
  const open = useApp((s) => s.history.view?.label);
  if (startup.state === 'deciding')
    return (
      <main className="start-page quiet" aria-busy="true">
        {opening && <p className="muted">Opening…</p>}
      </main>
    );
  if (startup.state === 'reopening')
    return (
      <main className="start-page quiet" aria-busy="true">
        <p className="muted" data-testid="reopening">
          Reopening your last session: {startup.what}…
        </p>
      </main>
    );
  return (
    <main className="start-page" data-testid="start-page">
      {open && (
        <p className="start-back">
          <button type="button" className="link" onClick={() => showStartPage(false)}>
            ← Back to {open}
          </button>
        </p>
      )}
      <OpenCard />
      <Recent />
      <Examples />
    </main>
  );
}
