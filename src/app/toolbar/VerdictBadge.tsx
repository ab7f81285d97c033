import { useApp } from '../state/store.ts';
import { select } from '../state/inspect.ts';

/** The session's state in one word, with where it stopped. */
export function VerdictBadge() {
  const session = useApp((s) => s.session);
  const total = useApp((s) => s.history.view?.index.count ?? 0);
  const busy = useApp((s) => s.busy);
  if (!session) return null;
  // While the worker works, the session's last verdict is stale: show where the replay is now.
  const v = busy ? ({ kind: 'running' } as const) : session.verdict;
  const at = (busy?.progress?.lastEventApplied ?? session.lastEventApplied).toLocaleString('en-US');
  const of = `${at}/${total.toLocaleString('en-US')}`;
  let kind: string = v.kind;
  let text: string;
  let title = '';
  switch (v.kind) {
    case 'running':
      text =
        !busy && session.stop.kind === 'breakpoint'
          ? `Paused at breakpoint · event ${of}`
          : !busy && session.stop.kind === 'paused'
            ? `Paused · event ${of}`
            : `Replaying · event ${of}`;
      if (!busy && session.stop.kind === 'breakpoint') kind = 'breakpoint';
      break;
    case 'ok':
      text = session.mode === 'echo' ? 'Replayed (history only)' : 'Replayed: no divergence';
      break;
    case 'nondeterminism':
      text = `Nondeterminism at event ${v.eventId ?? '?'}`;
      title = v.message;
      break;
    case 'fatal':
      text = `Replay failed at event ${v.eventId ?? '?'}`;
      title = v.message;
      break;
    case 'task-failure':
      text = `Workflow task failed (activation ${v.activation + 1})`;
      title = v.message;
      break;
  }
  const clickable = v.kind === 'nondeterminism' || v.kind === 'task-failure' || v.kind === 'fatal';
  return (
    <button
      type="button"
      className={`verdict verdict-${kind}`}
      data-testid="verdict"
      data-verdict={v.kind}
      title={title || undefined}
      disabled={!clickable}
      onClick={() => {
        const step = session.steps[session.cursor.step];
        if (step && step.task >= 0)
          select(
            { kind: 'task', task: step.task },
            v.kind === 'nondeterminism' ? 'determinism' : 'commands',
          );
      }}
    >
      {text}
    </button>
  );
}
