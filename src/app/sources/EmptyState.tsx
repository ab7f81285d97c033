import { set, useApp } from '../state/store.ts';
import { openExample } from '../state/sources.ts';

/** What the centre shows before any history is open. */
export function EmptyState() {
  const examples = useApp((s) => s.examples);
  const loading = useApp((s) => s.history.loading || s.component.loading);
  return (
    <div className="empty-state">
      <h2>{loading ? 'Opening…' : 'Open a workflow history to debug its replay'}</h2>
      <ul>
        <li>
          Drop a history file (any format: proto3 JSON, legacy JSON, binary, gzip) and/or a
          component (.wasm) anywhere.
        </li>
        <li>
          <button type="button" className="link" onClick={() => set({ dialog: 'paste' })}>
            Paste a history
          </button>{' '}
          or{' '}
          <button type="button" className="link" onClick={() => set({ dialog: 'url' })}>
            open one from a URL
          </button>
          .
        </li>
        {examples.map((ex) => (
          <li key={ex.id}>
            <button type="button" className="link" onClick={() => void openExample(ex.id)}>
              Example: {ex.title}
            </button>{' '}
            <span className="muted">{ex.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
