import { useRef } from 'react';
import { useApp, set } from '../state/store.ts';
import { openComponentFile, openHistoryFile } from '../state/drop.ts';
import { openExample } from '../state/examples.ts';
import { openRecent, showStartPage } from '../state/sources.ts';
import { openBundleFile } from '../state/open-share.ts';
import { openShareDialog } from '../state/share.ts';
import { Icon } from '../common/Icon.tsx';
import { Menu, type MenuItem } from '../common/Menu.tsx';
import { toggleTheme } from '../common/theme.ts';
import { bytes } from '../common/format.ts';
import { SteppingBar } from './SteppingBar.tsx';
import { VerdictBadge } from './VerdictBadge.tsx';
import { BreakpointsMenu } from './BreakpointsMenu.tsx';
import { LiveStatus } from '../bridge/LiveStatus.tsx';
import { showingLive } from '../state/shown.ts';
import { ExampleOptions } from '../sources/ExampleOptions.tsx';

function FileInput({
  testId,
  accept,
  onFile,
  inputRef,
}: {
  testId: string;
  accept: string;
  onFile: (file: File) => void;
  inputRef: React.RefObject<HTMLInputElement | null>;
}) {
  return (
    <input
      ref={inputRef}
      data-testid={testId}
      type="file"
      accept={accept}
      hidden
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) onFile(file);
      }}
    />
  );
}

function SourceMenu() {
  const recent = useApp((s) => s.recent);
  const hasComponent = useApp((s) => !!s.component.summary);
  const hasHistory = useApp((s) => !!s.history.view);
  const examples = useApp((s) => s.examples.length);
  const historyInput = useRef<HTMLInputElement>(null);
  const componentInput = useRef<HTMLInputElement>(null);
  const bundleInput = useRef<HTMLInputElement>(null);
  const recentItems: MenuItem[] = recent.map((r) => ({
    label: `${r.kind === 'component' ? '⬢' : '☰'} ${r.label}`,
    hint: bytes(r.size),
    onSelect: () => void openRecent(r.id),
  }));
  return (
    <>
      <Menu
        label={
          <>
            <Icon name="open" /> Open
          </>
        }
        title="Open a history or a component"
        items={[
          {
            label: 'History file…',
            hint: '.json .bin .gz',
            onSelect: () => historyInput.current?.click(),
          },
          {
            label: 'Component file…',
            hint: '.wasm',
            onSelect: () => componentInput.current?.click(),
          },
          {
            label: 'Example component, keep this history…',
            disabled: !hasHistory || examples === 0,
            onSelect: () => set({ dialog: 'example-component' }),
          },
          {
            label: 'Shared session bundle…',
            hint: '.wpbundle',
            onSelect: () => bundleInput.current?.click(),
          },
          { label: 'Paste history…', onSelect: () => set({ dialog: 'paste' }) },
          { label: 'History from URL…', onSelect: () => set({ dialog: 'url' }) },
          {
            label: 'From a Temporal server…',
            hint: 'workflow id',
            onSelect: () => set({ dialog: 'server' }),
          },
          {
            label: 'Simulate a run…',
            hint: 'no server',
            disabled: !hasComponent,
            onSelect: () => set({ dialog: 'simulate' }),
          },
          {
            label: 'New run of the component…',
            disabled: !hasComponent,
            onSelect: () => set({ dialog: 'new-run' }),
          },
          { label: 'Connect to a bridge…', onSelect: () => set({ dialog: 'bridge' }) },
          ...(recentItems.length > 0 ? (['separator'] as const) : []),
          ...recentItems,
        ]}
      />
      <FileInput
        testId="history-file"
        accept=".json,.bin,.gz,.pb,application/json,application/octet-stream,application/gzip"
        inputRef={historyInput}
        onFile={(f) => void openHistoryFile(f)}
      />
      <FileInput
        testId="component-file"
        accept=".wasm,application/wasm"
        inputRef={componentInput}
        onFile={(f) => void openComponentFile(f)}
      />
      <FileInput
        testId="bundle-file"
        accept=".wpbundle,application/octet-stream"
        inputRef={bundleInput}
        onFile={(f) => void openBundleFile(f)}
      />
    </>
  );
}

export function Toolbar() {
  const examples = useApp((s) => s.examples);
  const exampleId = useApp((s) => s.exampleId);
  const theme = useApp((s) => s.theme);
  const codec = useApp((s) => s.codecServer);
  const hasSession = useApp((s) => !!s.session);
  const live = useApp(showingLive);
  return (
    <header className="toolbar">
      <button
        type="button"
        className="brand"
        title="Start page: open a history, a recent source or an example"
        onClick={() => showStartPage(true)}
      >
        <img
          className="logo"
          src={`${import.meta.env.BASE_URL}favicon.svg`}
          alt=""
          width={18}
          height={18}
        />
        Workflow Playground
      </button>
      <select
        className="example-select"
        aria-label="Example"
        value={exampleId ?? ''}
        onChange={(e) => {
          if (e.target.value !== exampleId) void openExample(e.target.value);
        }}
      >
        {exampleId === undefined && <option value="">Example…</option>}
        <ExampleOptions examples={examples} />
      </select>
      <SourceMenu />
      <div className="divider" />
      {live ? (
        <LiveStatus />
      ) : (
        <>
          <SteppingBar />
          <VerdictBadge />
        </>
      )}
      <div className="spacer" />
      {!live && <BreakpointsMenu />}
      <button
        type="button"
        className="tool"
        title={
          live
            ? 'Share works on the debugger’s session: switch back to the debugger'
            : 'Share this session: a link, or a bundle file (s)'
        }
        disabled={!hasSession || live}
        onClick={() => void openShareDialog()}
      >
        <Icon name="share" /> Share
      </button>
      <button
        type="button"
        className={`tool${codec ? ' on' : ''}`}
        title={
          codec ? `Codec server: ${codec.endpoint}` : 'Codec server (decode encrypted payloads)'
        }
        onClick={() => set({ dialog: 'codec' })}
      >
        <Icon name="codec" />
      </button>
      <button
        type="button"
        className="tool"
        title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme (t)`}
        aria-label="Toggle theme"
        onClick={toggleTheme}
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      </button>
      <button
        type="button"
        className="tool"
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
        onClick={() => set({ dialog: 'help' })}
      >
        <Icon name="help" />
      </button>
    </header>
  );
}
