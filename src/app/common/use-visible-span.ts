import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** The scrolled span of a virtualised list along one axis. */
export interface VisibleSpan {
  start: number;
  size: number;
}

/**
 * Tracks which part of `scroller` is visible along `axis` (on resize, and on scroll through
 * `measure(element)` from `onScroll`), one state update per frame at most, so a long list draws
 * only what shows.
 */
export function useVisibleSpan(
  scroller: RefObject<HTMLElement | null>,
  axis: 'x' | 'y',
  initialSize: number,
): { span: VisibleSpan; measure: (el: HTMLElement | null) => void } {
  const [span, setSpan] = useState<VisibleSpan>({ start: 0, size: initialSize });
  const frame = useRef(0);
  const measure = useCallback(
    (el: HTMLElement | null) => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => {
        if (!el) return;
        setSpan(
          axis === 'x'
            ? { start: el.scrollLeft, size: el.clientWidth }
            : { start: el.scrollTop, size: el.clientHeight },
        );
      });
    },
    [axis],
  );
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => measure(el));
    observer.observe(el);
    return () => observer.disconnect();
  }, [scroller, measure]);
  return { span, measure };
}
