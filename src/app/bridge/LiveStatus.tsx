/**
 * The toolbar's middle while a live run is shown (in place of stepping, which a live run does not
 * have): how far the run has got, and sdk-core's verdict once it ended.
 */
import { plural } from '../common/format.ts';
import { selectLive } from '../state/inspect.ts';
import { useApp } from '../state/store.ts';
import { outcomeText } from './outcome.ts';

export function LiveVerdictBadge() {
  const shown = useApp((s) => s.bridge?.shown);
  if (!shown) return null;
  const outcome = shown.outcome;
  if (!outcome)
    return (
      <button
        type="button"
        className="verdict"
        data-testid="live-verdict"
        data-verdict="running"
        title="sdk-core gives its verdict when it ends the run"
        disabled
      >
        sdk-core: run in progress
      </button>
    );
  const text = outcomeText(outcome);
  const at = 'activation' in outcome ? outcome.activation : undefined;
  const step = at === undefined ? undefined : shown.run.steps[at];
  return (
    <button
      type="button"
      className={`verdict verdict-${text.kind}`}
      data-testid="live-verdict"
      data-verdict={outcome.kind}
      title={text.long}
      disabled={!step}
      onClick={() =>
        step &&
        selectLive(
          { kind: 'task', task: step.task },
          outcome.kind === 'nondeterminism' ? 'determinism' : 'commands',
        )
      }
    >
      {text.short}
    </button>
  );
}

export function LiveStatus() {
  const shown = useApp((s) => s.bridge?.shown);
  const steps = shown?.run.steps ?? [];
  const last = steps.at(-1);
  const running = !!last?.live && !last.live.answeredBy;
  return (
    <div className="stepping live-status" role="status">
      {running && <span className="spinner" aria-hidden="true" />}
      <span className="position" data-testid="live-position">
        {shown
          ? `live run · ${plural(steps.length, 'activation')}${running ? ` · activation ${steps.length} running` : ''}`
          : 'live runs · none yet'}
      </span>
      <LiveVerdictBadge />
    </div>
  );
}
