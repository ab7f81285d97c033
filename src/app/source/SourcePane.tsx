/**
 * The workflow's source beside the timeline: the line behind the selected command, event or
 * divergence highlighted, with a sentence saying which command it produced. Components without
 * source information (Rust, componentize-js by hand, seed-ABI modules) get the reason instead.
 */
import { Suspense } from 'react';
import { useRetryableLazy } from '../common/retryable-lazy.ts';
import { shownSelection } from '../state/shown.ts';
import { useApp } from '../state/store.ts';
import { shownSite } from './site.ts';

const loadEditor = () => import('./SourceEditor.tsx');

export function SourcePane() {
  const summary = useApp((s) => s.component.summary);
  const mode = useApp((s) => s.session?.mode);
  const selection = useApp(shownSelection);
  const steps = useApp((s) => s.session?.steps);
  const divergence = useApp((s) => s.session?.divergence);
  const dark = useApp((s) => s.theme === 'dark');
  const [SourceEditor] = useRetryableLazy(loadEditor);

  let body;
  if (!summary || mode === 'echo') {
    body = (
      <p className="muted" data-testid="source-missing">
        {summary
          ? 'Replaying the history alone: no code runs, so there is no source line behind its commands.'
          : 'Load a component to see the workflow’s source.'}
      </p>
    );
  } else if (!summary.sources.available) {
    body = (
      <p className="muted" data-testid="source-missing">
        {summary.sources.reason}
      </p>
    );
  } else {
    const sources = summary.sources;
    const shown = shownSite(selection, steps ?? [], divergence);
    const file =
      shown?.site && sources.files[shown.site.file] !== undefined ? shown.site.file : sources.entry;
    body = (
      <>
        <p className="source-caption" data-testid="source-caption">
          {shown?.caption ?? 'Select a command, an event or a divergence to see its line.'}
        </p>
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <SourceEditor
            file={file}
            text={sources.files[file] ?? ''}
            site={shown?.site?.file === file ? shown.site : undefined}
            dark={dark}
          />
        </Suspense>
      </>
    );
  }
  const title = summary?.sources.available ? summary.sources.entry : 'Source';
  return (
    <section className="source-pane" aria-label="Workflow source" data-testid="source-pane">
      <h2 className="pane-title mono" title={title}>
        {title}
      </h2>
      {body}
    </section>
  );
}
