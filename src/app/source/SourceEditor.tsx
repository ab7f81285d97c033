/**
 * The workflow's source in Monaco, read-only (lazy: Monaco loads with the first component that has
 * source), with the line behind the selection highlighted and scrolled into view.
 */
import { useEffect, useRef } from 'react';
import 'monaco-editor/languages/definitions/typescript/register';
import { monaco } from '../sources/monaco.ts';
import type { SourcePosition } from '../../engine/remote/protocol.ts';

interface Props {
  file: string;
  text: string;
  site: SourcePosition | undefined;
  dark: boolean;
}

export default function SourceEditor({ file, text, site, dark }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection>(undefined);

  useEffect(() => {
    const instance = monaco.editor.create(host.current!, {
      readOnly: true,
      domReadOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
      stickyScroll: { enabled: false },
      renderLineHighlight: 'none',
      tabSize: 2,
    });
    editor.current = instance;
    decorations.current = instance.createDecorationsCollection();
    return () => {
      instance.getModel()?.dispose();
      instance.dispose();
    };
  }, []);

  useEffect(() => monaco.editor.setTheme(dark ? 'vs-dark' : 'vs'), [dark]);

  useEffect(() => {
    const instance = editor.current!;
    const old = instance.getModel();
    if (old?.getValue() === text && old.uri.path.endsWith(file)) return;
    instance.setModel(monaco.editor.createModel(text, 'typescript'));
    old?.dispose();
  }, [file, text]);

  useEffect(() => {
    const instance = editor.current!;
    if (!site) {
      decorations.current!.clear();
      return;
    }
    decorations.current!.set([
      {
        range: new monaco.Range(site.line, 1, site.line, 1),
        options: {
          isWholeLine: true,
          className: 'source-line-highlight',
          linesDecorationsClassName: 'source-line-gutter',
        },
      },
    ]);
    instance.revealLineInCenterIfOutsideViewport(site.line);
    // For tests and screen readers: which line is highlighted.
    host.current!.dataset['line'] = String(site.line);
  }, [site, file, text]);

  return <div className="source-editor" ref={host} data-testid="source-editor" data-file={file} />;
}
