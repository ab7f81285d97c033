/**
 * Replays the open history with a bundled example's component instead of its own: a version 1 run
 * against version 2's code, as after a deployment. Picking from the example selector would open
 * that example's own run instead.
 */
import { useState } from 'react';
import { Dialog, useSubmit } from '../common/Dialog.tsx';
import { set, useApp } from '../state/store.ts';
import { loadExampleComponent } from '../state/examples.ts';
import { ExampleOptions } from './ExampleOptions.tsx';

export function ExampleComponentDialog() {
  const examples = useApp((s) => s.examples);
  const current = useApp((s) => (s.component.ref?.kind === 'example' ? s.component.ref.id : ''));
  const history = useApp((s) => s.history.view?.label);
  const error = useApp((s) => s.component.error);
  const [id, setId] = useState(current || (examples[0]?.id ?? ''));
  const close = () => set({ dialog: undefined });
  const { busy, onSubmit } = useSubmit(() => loadExampleComponent(id), close);
  return (
    <Dialog title="Replay this history with an example's component" onClose={close}>
      <form onSubmit={onSubmit}>
        <label className="field">
          Component
          <select value={id} onChange={(e) => setId(e.target.value)}>
            <ExampleOptions examples={examples} text={(ex) => `${ex.title} (${ex.id}.wasm)`} />
          </select>
        </label>
        {error && !busy && (
          <p className="bad-text" role="alert">
            {error.message}
          </p>
        )}
        <p className="muted">
          {history ? `${history} stays open; ` : ''}the replay starts again with this code.
        </p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy || !id}>
            {busy ? 'Loading…' : 'Load component'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
