import { Dialog } from '../common/Dialog.tsx';
import { set, useApp } from '../state/store.ts';
import { setRunForm, submitRunForm } from '../state/sources.ts';

/** Runs the first workflow task of a new run of the loaded component, with the given input. */
export function NewRunDialog() {
  const workflows = useApp((s) => s.component.summary?.workflows);
  const form = useApp((s) => s.runForm);
  const close = () => set({ dialog: undefined });
  return (
    <Dialog title="New run of the component" onClose={close}>
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (submitRunForm()) close();
        }}
      >
        <label className="field">
          Workflow type
          {workflows?.length ? (
            <select
              value={form.workflowType}
              onChange={(e) => setRunForm({ workflowType: e.target.value })}
            >
              {workflows.map((w) => (
                <option key={w.workflowType}>{w.workflowType}</option>
              ))}
            </select>
          ) : (
            // A component that declares no types (a seed-ABI core module) runs any type named.
            <input
              className="mono"
              value={form.workflowType}
              onChange={(e) => setRunForm({ workflowType: e.target.value })}
            />
          )}
        </label>
        <label className="field">
          Input (JSON array of arguments)
          <input
            className="mono"
            value={form.input}
            onChange={(e) => setRunForm({ input: e.target.value })}
          />
        </label>
        {form.error && (
          <p className="bad-text" role="alert">
            {form.error}
          </p>
        )}
        <p className="muted">
          With no recorded history, the run starts fresh: the component runs its first workflow task
          (nothing to replay).
        </p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={!form.workflowType}>
            Run first workflow task
          </button>
        </div>
      </form>
    </Dialog>
  );
}
