import { useState } from 'react';
import { openRunHistory } from '../state/bridge.ts';
import { useApp } from '../state/store.ts';

/** Opens the shown live run's history in the debugger (the bridge fetches it). */
export function OpenHistoryButton() {
  const usable = useApp((s) => !!s.bridge?.shown && s.bridge.connection.state === 'open');
  const [opening, setOpening] = useState(false);
  return (
    <button
      type="button"
      className="link"
      disabled={!usable || opening}
      title="The bridge fetches it (live mode: from the server; replay mode: the history it replays)"
      onClick={async () => {
        setOpening(true);
        await openRunHistory();
        setOpening(false);
      }}
    >
      {opening ? 'Opening the history…' : "Open this run's history in the debugger"}
    </button>
  );
}
