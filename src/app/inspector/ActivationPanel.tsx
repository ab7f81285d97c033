/** The activation the code received: its jobs, decoded, and the activation's fields. */
import { useApp } from '../state/store.ts';
import { JsonTree } from './JsonTree.tsx';
import { StepHeader } from './StepHeader.tsx';

export function ActivationPanel() {
  const detail = useApp((s) => s.detail.step);
  if (!detail)
    return (
      <p className="muted empty">No activation yet: step forward (n) to replay the first one.</p>
    );
  const { jobs, ...fields } = detail.activation as { jobs?: Array<Record<string, unknown>> };
  return (
    <div data-testid="activation">
      <StepHeader index={detail.index} />
      <h4>Jobs</h4>
      <ol className="jobs">
        {(jobs ?? []).map((job, i) => {
          const [kind, body] = Object.entries(job)[0] ?? ['unknown', {}];
          return (
            <li key={i}>
              <span className="badge">{kind.charAt(0).toUpperCase() + kind.slice(1)}</span>
              <JsonTree value={body} open={2} />
            </li>
          );
        })}
      </ol>
      <h4>Activation</h4>
      <JsonTree value={fields} open={1} />
    </div>
  );
}
