import { StrictMode, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary, PageFailure } from './common/ErrorBoundary.tsx';
import { applyTheme } from './common/theme.ts';
import { init } from './state/startup.ts';
import { set } from './state/store.ts';
import { connectFromFragment } from './bridge/fragment.ts';
import { applyCodecServer, rememberedCodecServer } from './sources/CodecDialog.tsx';
import './styles.css';

/**
 * Marks React's first commit of the page (render() only schedules it): a layout effect after
 * <App />, so it runs once App's DOM is in place, before the browser paints it.
 */
function FirstRenderMark() {
  useLayoutEffect(() => {
    if (performance.getEntriesByName('wp:first-render').length === 0)
      performance.mark('wp:first-render');
  }, []);
  return null;
}

applyTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary
      name="page"
      fallback={(error, retry) => <PageFailure error={error} retry={retry} />}
    >
      <App />
    </ErrorBoundary>
    <FirstRenderMark />
  </StrictMode>,
);
const codec = rememberedCodecServer();
if (codec) void applyCodecServer(codec);
// Whatever start-up met (it reports its own errors), the page becomes ready and a bridge link in
// the address still connects.
void init()
  .catch((thrown: unknown) =>
    set({
      restoreError: `Start-up did not finish: ${(thrown as Error).message ?? String(thrown)}`,
    }),
  )
  .finally(() => {
    performance.mark('wp:ready');
    // Start-up (examples, restoring the last session) is over: tests and benchmarks wait for this.
    document.body.dataset['ready'] = 'true';
    connectFromFragment();
  });
