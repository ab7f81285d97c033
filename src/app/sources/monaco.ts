/**
 * Monaco, trimmed to what the history and scenario editors need (the editor core, JSON language features with
 * schema validation, find, folding, hover, go-to-error), with its workers built by Vite. Imported
 * only from the lazily loaded paste editor, so none of it weighs on the first paint.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
// The JSON mode would load on the first JSON model, after the first editor fixed the set of
// services: the editor contributions it brings then fail ("depends on UNKNOWN service
// ICodeLensCache", no suggestions). Loaded with the rest, they register in time.
import 'monaco-editor/languages/features/json/jsonMode';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) =>
    label === 'json' ? new JsonWorker() : new EditorWorker(),
};

export { monaco, jsonDefaults };

/** JSON Schemas by model: Monaco takes them all in one setting, so each editor adds its own here. */
const schemas = new Map<string, { uri: string; fileMatch: string[]; schema: unknown }>();

export function registerJsonSchema(uri: string, model: monaco.Uri, schema: unknown): void {
  schemas.set(uri, { uri, fileMatch: [model.toString()], schema });
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [...schemas.values()],
  });
}

/** A JSON editor as the app's dialogs use it, themed like the page, focused. */
export function createJsonEditor(
  host: HTMLElement,
  model: monaco.editor.ITextModel,
  dark: boolean,
): monaco.editor.IStandaloneCodeEditor {
  const editor = monaco.editor.create(host, {
    model,
    theme: dark ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 12,
    scrollBeyondLastLine: false,
    // Pinned enclosing lines hid the line an error marker jumps to.
    stickyScroll: { enabled: false },
    renderValidationDecorations: 'on',
    tabSize: 2,
  });
  editor.focus();
  return editor;
}

/** Marks one error on `model` (or clears `owner`'s marks); returns where it starts. */
export function markError(
  model: monaco.editor.ITextModel,
  owner: string,
  error: { start: number; end: number; message: string } | undefined,
): monaco.IPosition | undefined {
  if (!error) {
    monaco.editor.setModelMarkers(model, owner, []);
    return undefined;
  }
  const start = model.getPositionAt(error.start);
  const end = model.getPositionAt(error.end);
  monaco.editor.setModelMarkers(model, owner, [
    {
      severity: monaco.MarkerSeverity.Error,
      message: error.message,
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
    },
  ]);
  return start;
}
