/** Loads a component for a CLI command from a file path, with the host's own error messages. */
import { readFileSync } from 'node:fs';
import { loadComponent, type LoadedComponent } from '../../engine/host/component.ts';

export async function loadComponentFile(path: string): Promise<LoadedComponent> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : String(thrown)}`, {
      cause: thrown,
    });
  }
  return loadComponent(bytes, path);
}
