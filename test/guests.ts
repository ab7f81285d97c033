/** Test-only workflow components, built with the real pipeline (componentize-js, cached by hash). */
import { join } from 'node:path';
import { buildComponent } from '../src/node/build/build-component.ts';
import { REPO } from './paths.ts';

let spin: Promise<Uint8Array> | undefined;

/** A component whose workflow `spin` loops forever on its first poll. */
export function spinComponent(): Promise<Uint8Array> {
  spin ??= buildComponent(join(REPO, 'test', 'workflows', 'spin', 'workflow.ts')).then(
    (r) => r.component,
  );
  return spin;
}
