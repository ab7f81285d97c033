import { useApp } from '../state/store.ts';
import { showingLive, shownRun } from '../state/shown.ts';
import { step as stepTo } from '../state/stepping.ts';

const ANSWERED_BY = {
  page: 'run in this page',
  bridge: 'run by the bridge',
  'failed-by-bridge': 'failed by the bridge',
} as const;

/** Which activation an inspector shows, and a way to move the cursor there (or who ran it, live). */
export function StepHeader({ index }: { index: number }) {
  const step = useApp((s) => shownRun(s)?.steps[index]);
  const cursor = useApp((s) => shownRun(s)?.cursor.step ?? -1);
  const live = useApp(showingLive);
  if (!step) return null;
  return (
    <h3>
      Activation {index + 1}{' '}
      <span className="muted">
        · workflow task {step.task + 1} (started at event {step.wftStartedEventId}) ·{' '}
        {step.live
          ? `history length ${step.events.to}`
          : `replays events ${step.events.from}–${step.events.to}`}{' '}
        · {step.isReplaying ? 'replaying' : 'not replaying'}
        {step.live &&
          ` · ${step.live.answeredBy ? ANSWERED_BY[step.live.answeredBy] : `${ANSWERED_BY[step.live.ranBy]}, running`}`}
      </span>
      {!live && index !== cursor && (
        <button
          type="button"
          className="link"
          onClick={() => void stepTo({ kind: 'to-step', index })}
        >
          Move the cursor here
        </button>
      )}
    </h3>
  );
}
