/**
 * Which source line the page points at: the one behind the selected command, the command that
 * recorded the selected event, or (nothing selected) the command at the first divergence; and the
 * sentence that says so ("the code produced ScheduleActivityTask sendSms at workflow.ts:42").
 */
import { siteText } from '../../engine/host/sources.ts';
import type {
  CommandView,
  Divergence,
  SourcePosition,
  StepView,
} from '../../engine/remote/protocol.ts';
import type { Selection } from '../state/persist.ts';

export interface ShownSite {
  site?: SourcePosition;
  /** What the line is, or why there is none for this selection. */
  caption: string;
  /** The selected command, to select it from a link. */
  command?: { step: number; position: number };
}

const named = (c: { serverKind?: string; kind: string; detail: string }) =>
  `${c.serverKind ?? c.kind}${c.detail ? ` ${c.detail}` : ''}`;

function ofCommand(steps: readonly StepView[], step: number, position: number, lead: string) {
  const command: CommandView | undefined = steps[step]?.commands[position];
  if (!command) return undefined;
  const shown = { command: { step, position } };
  if (command.site)
    return {
      ...shown,
      site: command.site,
      caption: `${lead} ${named(command)} at ${siteText(command.site)}`,
    };
  return {
    ...shown,
    caption:
      command.origin === 'history'
        ? `${named(command)} comes from history: this replay runs no code.`
        : `${named(command)} has no source location: the ${command.origin} made it without one.`,
  };
}

export function shownSite(
  selection: Selection | undefined,
  steps: readonly StepView[],
  divergence: Divergence | undefined,
): ShownSite | undefined {
  if (selection?.kind === 'command')
    return ofCommand(steps, selection.step, selection.position, 'The code produced');
  if (selection?.kind === 'event') {
    for (const step of steps) {
      const position = step.commands.findIndex((c) => c.eventId === selection.eventId);
      if (position >= 0)
        return ofCommand(
          steps,
          step.index,
          position,
          `Event ${selection.eventId} records the command the code produced:`,
        );
    }
    return { caption: `Event ${selection.eventId} records no command of the code.` };
  }
  if (selection?.kind === 'step' || selection?.kind === 'call') {
    const position = steps[selection.step]?.commands.findIndex((c) => c.site) ?? -1;
    if (position >= 0)
      return ofCommand(steps, selection.step, position, 'Its first command, the code produced');
  }
  const produced = divergence?.actual[divergence.firstMismatch];
  if (produced?.site)
    return {
      site: produced.site,
      caption: `At the divergence the code produced ${named(produced)} at ${siteText(produced.site)}`,
    };
  return undefined;
}
