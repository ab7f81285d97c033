import type { RefObject } from 'react';
import type { monaco } from './monaco.ts';

/** "Go to line L, column C": moves the editor's cursor to an error it marked. */
export function GoToError({
  editor,
  at,
  testId,
}: {
  editor: RefObject<monaco.editor.IStandaloneCodeEditor | undefined>;
  at: monaco.IPosition;
  testId?: string;
}) {
  return (
    <>
      <button
        type="button"
        className="link"
        data-testid={testId}
        onClick={() => {
          editor.current?.revealPositionInCenter(at);
          editor.current?.setPosition(at);
          editor.current?.focus();
        }}
      >
        Go to line {at.lineNumber}, column {at.column}
      </button>
      {' · '}
    </>
  );
}
