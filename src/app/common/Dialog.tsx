/** A modal dialog: closes on Escape or a click outside; focus moves into it. */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>(
      'input, textarea, select, button.primary',
    );
    first?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="dialog-head">
          <h2>{title}</h2>
          <button type="button" className="icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}

/**
 * A dialog form's submit: runs `action` (which reports its own error in the store), marks the
 * form busy meanwhile, and calls `onDone` when it succeeded, so a failed attempt stays open.
 */
export function useSubmit(action: () => Promise<boolean>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const ok = await action();
    setBusy(false);
    if (ok) onDone();
  };
  return { busy, onSubmit };
}
