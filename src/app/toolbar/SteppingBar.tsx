import { useEffect, useState } from 'react';
import { useApp } from '../state/store.ts';
import { pause, step } from '../state/stepping.ts';
import { stopEngine } from '../state/startup.ts';
import { Icon, type IconName } from '../common/Icon.tsx';
import type { StepAction } from '../../engine/remote/protocol.ts';

const BUTTONS: Array<{ action: StepAction; icon: IconName; label: string; keys: string }> = [
  { action: { kind: 'restart' }, icon: 'restart', label: 'Restart', keys: '0' },
  { action: { kind: 'back' }, icon: 'back', label: 'Previous activation', keys: 'p, Shift+F10' },
  { action: { kind: 'forward' }, icon: 'forward', label: 'Next activation', keys: 'n, F10' },
  { action: { kind: 'next-call' }, icon: 'call', label: 'Next call (poll)', keys: '., F11' },
  { action: { kind: 'run' }, icon: 'run', label: 'Run to breakpoint or end', keys: 'r, F8' },
  {
    action: { kind: 'run-to-divergence' },
    icon: 'divergence',
    label: 'Run to first divergence',
    keys: 'd',
  },
];

/**
 * While the worker works: progress, Pause, and after a while Stop. A guest call that never returns
 * needs no click: the engine's watchdog stops it (src/engine/remote/client.ts).
 */
function Busy() {
  const busy = useApp((s) => s.busy)!;
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = (now - busy.startedAt) / 1000;
  return (
    <div className="busy" role="status">
      <span className="spinner" aria-hidden="true" />
      <span
        className="busy-what"
        title={
          busy.what === 'Stepping back'
            ? 'Stepping back replays the workflow from the start to the previous activation'
            : undefined
        }
      >
        {busy.what}
        {busy.progress && ` · activation ${busy.progress.stepCount.toLocaleString('en-US')}`}
      </span>
      <button
        type="button"
        className="tool"
        disabled={busy.pausing}
        onClick={() => void pause()}
        title="Pause the run"
      >
        <Icon name="pause" /> Pause
      </button>
      {seconds > 2 && (
        <button
          type="button"
          className="tool danger"
          onClick={() => void stopEngine()}
          title="The engine is not answering (a guest stuck in a loop?): restart it and reopen the sources"
        >
          <Icon name="stop" /> Stop
        </button>
      )}
    </div>
  );
}

export function SteppingBar() {
  const session = useApp((s) => s.session);
  const busy = useApp((s) => !!s.busy);
  if (busy) return <Busy />;
  const done = !!session && session.verdict.kind !== 'running';
  const atStart = !session || session.cursor.step < 0;
  return (
    <div className="stepping" role="toolbar" aria-label="Stepping">
      {BUTTONS.map(({ action, icon, label, keys }) => {
        const backwards = action.kind === 'back' || action.kind === 'restart';
        const disabled = !session || (backwards ? atStart : done);
        return (
          <button
            key={action.kind}
            type="button"
            className="tool"
            aria-label={label}
            title={`${label} (${keys})`}
            disabled={disabled}
            onClick={() => void step(action)}
          >
            <Icon name={icon} />
          </button>
        );
      })}
      {session && (
        <span className="position" data-testid="position">
          {session.cursor.step < 0
            ? 'before activation 1'
            : `activation ${session.cursor.step + 1}${session.cursor.call !== undefined ? ` · call ${session.cursor.call + 1}` : ''}`}
        </span>
      )}
    </div>
  );
}
