/** Every host↔guest call of one activation, in order, with what each returned and pushed. */
import { useApp } from '../state/store.ts';
import { showingLive, shownRun, shownSelection } from '../state/shown.ts';
import type { StepDetail } from '../../engine/remote/protocol.ts';
import { StepHeader } from './StepHeader.tsx';

type Entry = StepDetail['trace'][number];

function commandName(command: Record<string, unknown>): string {
  const key = Object.keys(command)[0] ?? 'unknown';
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function routine(entry: Entry): string {
  if (entry.type !== 'poll' || !entry.routine) return '';
  const r = entry.routine;
  return r.kind === 'main'
    ? 'main'
    : r.kind === 'signal'
      ? `signal ${r.name}`
      : `update ${r.name} (${r.updateId})`;
}

function result(entry: Entry): string {
  switch (entry.type) {
    case 'command':
      return '';
    case 'details':
      return entry.text;
    case 'task-failure':
      return entry.message;
    case 'log':
      return entry.text;
    case 'hazard':
      return entry.sentence;
    default:
      return 'outcome' in entry ? (entry.error ?? entry.outcome) : '';
  }
}

export function TracePanel() {
  const detail = useApp((s) => s.detail.step);
  const selection = useApp(shownSelection);
  const mode = useApp((s) => s.session?.mode);
  const live = useApp(showingLive);
  const answered = useApp((s) =>
    detail ? !!shownRun(s)?.steps[detail.index]?.live?.answeredBy : false,
  );
  if (!detail) return <p className="muted empty">No activation yet.</p>;
  const selectedSeq =
    selection?.kind === 'call' && selection.step === detail.index ? selection.seq : undefined;
  return (
    <div>
      <StepHeader index={detail.index} />
      {detail.trace.length === 0 ? (
        <p className="muted">
          {live
            ? answered
              ? 'No calls: the activation never reached the component (see Commands for why).'
              : 'The activation is running: its calls appear when it completes.'
            : mode === 'echo'
              ? 'History-only replay: no code runs, so there are no host↔guest calls.'
              : 'No calls (an eviction, or nothing to run).'}
        </p>
      ) : (
        <table className="grid trace" data-testid="trace">
          <thead>
            <tr>
              <th>#</th>
              <th>Call</th>
              <th>Routine</th>
              <th>Pass</th>
              <th>Result</th>
              <th>Progress</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {detail.trace.map((t) => (
              <tr
                key={t.seq}
                className={`trace-${t.type}${t.seq === selectedSeq ? ' selected' : ''}`}
              >
                <td>{t.seq}</td>
                <td className="mono">
                  {t.type === 'command'
                    ? `↳ push ${commandName(t.command)}${t.origin === 'host' ? ' (host)' : ''}`
                    : t.type}
                </td>
                <td>{routine(t)}</td>
                <td>{t.type === 'poll' ? t.pass : ''}</td>
                <td className="mono">{result(t)}</td>
                <td>{t.type === 'poll' ? (t.madeProgress ? 'yes' : 'no') : ''}</td>
                <td className="nowrap">
                  {'durationMs' in t ? `${t.durationMs.toFixed(1)} ms` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
