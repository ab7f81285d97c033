/** The real sample histories (../shared/histories), read once per test file. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historiesDir } from '../paths.ts';

export interface Sample {
  /** `sdk-core/timer_workflow_history.bin` */
  name: string;
  file: string;
  bytes: Uint8Array;
}

export function samples(): Sample[] {
  return ['sdk-core', 'sdk-typescript'].flatMap((dir) =>
    readdirSync(historiesDir(dir))
      .filter((f) => f.endsWith('.json') || f.endsWith('.bin'))
      .sort()
      .map((f) => {
        const file = join(historiesDir(dir), f);
        return { name: `${dir}/${f}`, file, bytes: new Uint8Array(readFileSync(file)) };
      }),
  );
}

export function sample(name: string): Sample {
  const found = samples().find((s) => s.name === name);
  if (!found) throw new Error(`no sample history ${name}`);
  return found;
}
