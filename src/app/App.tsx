import { Toolbar } from './components/Toolbar.tsx';
import { ComponentPanel } from './components/ComponentPanel.tsx';
import { RunPanel } from './components/RunPanel.tsx';

export function App() {
  return (
    <div className="app">
      <Toolbar />
      <main className="workspace">
        <ComponentPanel />
        <RunPanel />
      </main>
    </div>
  );
}
