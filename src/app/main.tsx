import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary, PageFailure } from './common/ErrorBoundary.tsx';
import { applyTheme } from './common/theme.ts';
import { init } from './state/sources.ts';
import { connectFromFragment } from './bridge/fragment.ts';
import { applyCodecServer, rememberedCodecServer } from './sources/CodecDialog.tsx';
import './styles.css';

applyTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary
      name="page"
      fallback={(error, retry) => <PageFailure error={error} retry={retry} />}
    >
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
performance.mark('wp:first-render');
const codec = rememberedCodecServer();
if (codec) void applyCodecServer(codec);
void init().then(() => {
  performance.mark('wp:ready');
  // Start-up (examples, restoring the last session) is over: tests and benchmarks wait for this.
  document.body.dataset['ready'] = 'true';
  connectFromFragment();
});
