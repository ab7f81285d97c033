import { Dialog } from './Dialog.tsx';
import { set } from '../state/store.ts';
import { SHORTCUTS } from './shortcuts.ts';

export function ShortcutHelp() {
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => set({ dialog: undefined })}>
      <table className="grid shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.does}>
              <td className="nowrap">
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
          <tr>
            <td className="nowrap">
              <kbd>Ctrl</kbd>+<kbd>wheel</kbd>
            </td>
            <td>Zoom the timeline (wheel or drag pans it; right-click an item for breakpoints)</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
