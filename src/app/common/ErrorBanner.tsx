import type { EngineError } from '../../engine/remote/protocol.ts';

export function ErrorBanner({
  error,
  title,
  note,
  onDismiss,
}: {
  error: EngineError;
  title: string;
  /** What still holds despite the error, e.g. which component stays loaded. */
  note?: string;
  onDismiss?: () => void;
}) {
  return (
    <div className="error-banner" role="alert" data-error-code={error.code}>
      <div className="error-head">
        <strong>{title}</strong>
        <span className="error-code">{error.code}</span>
        {onDismiss && (
          <button type="button" className="icon dismiss" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        )}
      </div>
      <p>{error.message}</p>
      {note && <p className="muted">{note}</p>}
    </div>
  );
}
