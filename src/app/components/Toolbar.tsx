import { useRef } from 'react';
import { actions, useApp } from '../state/store.ts';

export function Toolbar() {
  const examples = useApp((s) => s.examples);
  const exampleId = useApp((s) => s.exampleId);
  const loading = useApp((s) => s.component.loading);
  const callLimit = useApp((s) => s.callLimitSeconds);
  const fileInput = useRef<HTMLInputElement>(null);

  return (
    <header className="toolbar">
      <div className="brand">
        <img
          className="logo"
          src={`${import.meta.env.BASE_URL}favicon.svg`}
          alt=""
          width={18}
          height={18}
        />
        Workflow Playground
      </div>
      <label className="field">
        Example
        <select
          aria-label="Example"
          value={exampleId ?? ''}
          onChange={(e) => void actions.openExample(e.target.value)}
        >
          {exampleId === undefined && <option value="">(own component)</option>}
          {examples.map((ex) => (
            <option key={ex.id} value={ex.id}>
              {ex.title}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Open component…
      </button>
      <input
        ref={fileInput}
        data-testid="component-file"
        type="file"
        accept=".wasm,application/wasm"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void actions.openComponentFile(file);
        }}
      />
      <label className="field" title="A guest call running longer than this is stopped">
        Call limit (s)
        <input
          className="narrow"
          type="number"
          min={0.5}
          step={0.5}
          value={callLimit}
          onChange={(e) => actions.setCallLimitSeconds(Number(e.target.value))}
        />
      </label>
      <span className="status" role="status">
        {loading ? 'Loading component…' : ''}
      </span>
    </header>
  );
}
