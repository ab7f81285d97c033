/** A button that opens a list of actions below it; closes on choice, Escape, a click outside or a drop. */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  hint?: string;
}

export function Menu({
  label,
  items,
  title,
  className,
}: {
  label: ReactNode;
  items: Array<MenuItem | 'separator'>;
  title?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    // Escape closes it wherever the focus is (the menu button keeps it after a click), and so
    // does a file dropped on the page: that opened something instead.
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const dropped = () => setOpen(false);
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', escape);
    window.addEventListener('drop', dropped);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', escape);
      window.removeEventListener('drop', dropped);
    };
  }, [open]);
  return (
    <div className={`menu ${className ?? ''}`} ref={ref}>
      <button
        type="button"
        className="tool"
        aria-haspopup="menu"
        aria-expanded={open}
        title={title}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      {open && (
        <ul className="menu-list" role="menu">
          {items.map((item, i) =>
            item === 'separator' ? (
              <li key={i} className="menu-separator" role="separator" />
            ) : (
              <li key={i} role="none">
                <button
                  type="button"
                  role="menuitem"
                  disabled={item.disabled}
                  onClick={() => {
                    setOpen(false);
                    item.onSelect();
                  }}
                >
                  <span>{item.label}</span>
                  {item.hint && <span className="menu-hint">{item.hint}</span>}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}
