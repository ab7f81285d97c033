import { useApp } from '../state/store.ts';
import { clearBreakpoints, toggleBreakpoint } from '../state/stepping.ts';
import { Icon } from '../common/Icon.tsx';
import { Menu } from '../common/Menu.tsx';
import type { Breakpoint } from '../../engine/remote/protocol.ts';

export function describeBreakpoint(bp: Breakpoint): string {
  switch (bp.kind) {
    case 'event':
      return `Event ${bp.eventId}`;
    case 'event-type':
      return `Every ${bp.eventType} event`;
    case 'command-type':
      return `Every ${bp.commandType} command`;
    case 'workflow-task':
      return `Workflow task started at event ${bp.wftStartedEventId}`;
  }
}

const NONE: Breakpoint[] = [];

export function BreakpointsMenu() {
  const breakpoints = useApp((s) => s.session?.breakpoints ?? NONE);
  return (
    <Menu
      className="breakpoints-menu"
      title="Breakpoints"
      label={
        <>
          <Icon name="breakpoint" size={12} />{' '}
          <span data-testid="breakpoint-count">{breakpoints.length}</span>
        </>
      }
      items={
        breakpoints.length === 0
          ? [
              {
                label:
                  'No breakpoints. Set them from the event list gutter, the timeline (right-click), or b on a selection.',
                disabled: true,
                onSelect: () => {},
              },
            ]
          : [
              ...breakpoints.map((bp) => ({
                label: describeBreakpoint(bp),
                hint: 'remove',
                onSelect: () => void toggleBreakpoint(bp),
              })),
              'separator' as const,
              { label: 'Remove all', onSelect: () => void clearBreakpoints() },
            ]
      }
    />
  );
}
