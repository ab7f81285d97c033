/**
 * A lazily loaded component that can be loaded again: React.lazy keeps a failed import's error
 * for good, so trying again needs a new lazy component.
 */
import { lazy, useState, type ComponentType } from 'react';

export function useRetryableLazy<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): [ComponentType<P>, () => void] {
  const [component, setComponent] = useState(() => lazy(load));
  return [component, () => setComponent(() => lazy(load))];
}
