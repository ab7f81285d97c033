/**
 * The history editor (Monaco, lazy): paste or type a history in any JSON form. The proto schema
 * drives validation as you type, and the engine's own loader checks the text; its errors land as
 * markers on the offending event and field.
 */
import { useEffect, useRef, useState } from 'react';
import { engine, get, useApp } from '../state/store.ts';
import { openHistoryText } from '../state/sources.ts';
import type { CheckResult } from '../../engine/remote/protocol.ts';
import { GoToError } from './GoToError.tsx';
import { locateInJson } from './json-locate.ts';
import { createJsonEditor, jsonDefaults, markError, monaco, registerJsonSchema } from './monaco.ts';

const MODEL_URI = monaco.Uri.parse('inmemory://workflow-playground/pasted-history.json');
/** Above this, schema validation in the editor is skipped (the loader still checks). */
const SCHEMA_LIMIT = 5_000_000;
let schemaLoaded = false;

async function configureSchema(): Promise<void> {
  if (schemaLoaded) return;
  schemaLoaded = true;
  const schema = await engine().request('history-schema', null);
  registerJsonSchema('inmemory://workflow-playground/history.schema.json', MODEL_URI, schema);
}

function setMarkers(
  model: monaco.editor.ITextModel,
  text: string,
  result: CheckResult | undefined,
) {
  if (!result || result.ok) return markError(model, 'history', undefined);
  const span = result.error.location ? locateInJson(text, result.error.location) : undefined;
  return markError(model, 'history', {
    start: span?.start ?? 0,
    end: span?.end ?? Math.min(text.length, 1),
    message: result.error.message,
  });
}

export default function PasteEditor({ onOpened }: { onOpened: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const theme = useApp((s) => s.theme);
  const [check, setCheck] = useState<CheckResult>();
  const [errorAt, setErrorAt] = useState<monaco.IPosition>();
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    void configureSchema();
    const model =
      monaco.editor.getModel(MODEL_URI) ?? monaco.editor.createModel('', 'json', MODEL_URI);
    const instance = createJsonEditor(host.current!, model, get().theme === 'dark');
    editor.current = instance;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let request = 0;
    const validate = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = model.getValue();
        const id = ++request;
        if (!text.trim()) {
          setCheck(undefined);
          setErrorAt(setMarkers(model, text, undefined));
          return;
        }
        jsonDefaults.setModeConfiguration({
          ...jsonDefaults.modeConfiguration,
          diagnostics: text.length < SCHEMA_LIMIT,
        });
        const result = await engine().request('check-history', { text });
        if (id !== request) return;
        setCheck(result);
        setErrorAt(setMarkers(model, text, result));
      }, 400);
    };
    const subscription = model.onDidChangeContent(validate);
    validate();
    return () => {
      clearTimeout(timer);
      subscription.dispose();
      instance.dispose();
    };
  }, []);

  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'), [theme]);

  const open = async () => {
    const text = editor.current?.getValue() ?? '';
    setOpening(true);
    const ok = await openHistoryText(text);
    setOpening(false);
    if (ok) onOpened();
    else {
      const error = get().history.error;
      if (error) {
        const result: CheckResult = { ok: false, error };
        setCheck(result);
        const at = setMarkers(editor.current!.getModel()!, text, result);
        setErrorAt(at);
        if (at) editor.current!.revealPositionInCenter(at);
      }
    }
  };

  return (
    <div className="paste-editor">
      <div className="editor-host" ref={host} data-testid="paste-editor" />
      <div className="paste-status" role="status" data-testid="paste-status">
        {check === undefined ? (
          <span className="muted">
            Paste a history: <code>temporal workflow show --output json</code>, a Web UI download, a
            tctl/legacy export, or an array of events.
          </span>
        ) : check.ok ? (
          <span className="ok-text">
            ✓ {check.eventCount.toLocaleString('en-US')} events,{' '}
            {check.format.dialect === 'legacy' ? 'legacy JSON' : 'proto3 JSON'}
            {check.warnings.length > 0 && ` · ${check.warnings.length} warning(s)`}
          </span>
        ) : (
          <>
            {errorAt && <GoToError editor={editor} at={errorAt} testId="paste-error-at" />}
            <span className="bad-text" data-testid="paste-error">
              {check.error.message}
            </span>
          </>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" disabled={opening} onClick={() => void open()}>
          {opening ? 'Opening…' : 'Open history'}
        </button>
      </div>
    </div>
  );
}
