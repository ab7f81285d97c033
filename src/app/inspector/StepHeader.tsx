import { useApp } from '../state/store.ts';
import { step as stepTo } from '../state/stepping.ts';

/** Which activation an inspector shows, and a way to move the cursor there. */
export function StepHeader({ index }: { index: number }) {
  const step = useApp((s) => s.session?.steps[index]);
  const cursor = useApp((s) => s.session?.cursor.step ?? -1);
  if (!step) return null;
  return (
    <h3>
      Activation {index + 1}{' '}
      <span className="muted">
        · workflow task {step.task + 1} (started at event {step.wftStartedEventId}) · events{' '}
        {step.events.from}–{step.events.to} · {step.isReplaying ? 'replaying' : 'not replaying'}
      </span>
      {index !== cursor && (
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
