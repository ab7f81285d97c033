/**
 * The scenario editor (Monaco, lazy): the JSON Schema generated from the `Scenario` type drives
 * completion, hover help and validation as you type; the simulator's own checks land as a marker
 * on the field they name when a run is refused.
 */
import { useEffect, useRef, useState } from 'react';
import { scenarioJsonSchema } from '../../engine/sim/generated/scenario-schema.ts';
import { get, useApp } from '../state/store.ts';
import { runScenario, setScenarioText } from '../state/simulate.ts';
import type { EngineError } from '../../engine/remote/protocol.ts';
import { jsonSyntaxErrorOffset } from '../../engine/json-scan.ts';
import { GoToError } from './GoToError.tsx';
import { locatePath, type TextSpan } from './json-locate.ts';
import { createJsonEditor, markError, monaco, registerJsonSchema } from './monaco.ts';

const MODEL_URI = monaco.Uri.parse('inmemory://workflow-playground/scenario.json');
registerJsonSchema(
  'inmemory://workflow-playground/scenario.schema.json',
  MODEL_URI,
  scenarioJsonSchema,
);

/**
 * Where an error points: the field the simulator names, or where the text stops being JSON (the
 * text is the one that was run: the marker is placed when the error arrives). Not from the
 * message, which only V8 words with a position.
 */
function spanOf(text: string, error: EngineError): TextSpan | undefined {
  const fieldPath = error.location?.fieldPath;
  if (fieldPath) return locatePath(text, fieldPath);
  const start = jsonSyntaxErrorOffset(text);
  return start === undefined ? undefined : { start, end: Math.min(text.length, start + 1) };
}

function setMarker(model: monaco.editor.ITextModel, error: EngineError | undefined) {
  const span = error && spanOf(model.getValue(), error);
  return markError(model, 'scenario', span && error && { ...span, message: error.message });
}

export default function ScenarioEditor({ onOpened }: { onOpened: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const theme = useApp((s) => s.theme);
  const error = useApp((s) => s.scenario.error);
  const running = useApp((s) => s.history.loading || !!s.busy);
  const hasComponent = useApp((s) => !!s.component.summary);
  const [errorAt, setErrorAt] = useState<monaco.IPosition>();

  useEffect(() => {
    const model =
      monaco.editor.getModel(MODEL_URI) ?? monaco.editor.createModel('', 'json', MODEL_URI);
    if (model.getValue() !== get().scenario.text) model.setValue(get().scenario.text);
    const instance = createJsonEditor(host.current!, model, get().theme === 'dark');
    editor.current = instance;
    const subscription = model.onDidChangeContent(() => setScenarioText(model.getValue()));
    return () => {
      subscription.dispose();
      instance.dispose();
    };
  }, []);

  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'), [theme]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    const at = setMarker(model, error);
    setErrorAt(at);
    if (at) editor.current!.revealPositionInCenter(at);
  }, [error]);

  const run = async () => {
    if (await runScenario()) onOpened();
  };

  return (
    <div className="paste-editor">
      <div className="editor-host" ref={host} data-testid="scenario-editor" />
      <div className="paste-status" role="status" data-testid="scenario-status">
        {error ? (
          <>
            {errorAt && <GoToError editor={editor} at={errorAt} />}
            <span className="bad-text" data-testid="scenario-error">
              {error.message}
            </span>
          </>
        ) : (
          <span className="muted">
            What the outside world does: what activities return or how they fail (
            <code>activities</code>), signals and updates at virtual times, cancellation. Activities
            it leaves out run the example&apos;s own code, or return nothing. Ctrl+Space suggests
            fields; hover one for help.
          </span>
        )}
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="primary"
          disabled={running || !hasComponent}
          onClick={() => void run()}
        >
          {running ? 'Simulating…' : 'Run simulation'}
        </button>
      </div>
    </div>
  );
}
