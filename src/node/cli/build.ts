import { writeFileSync } from 'node:fs';
import { buildComponent } from '../build/build-component.ts';
import { parseCommandArgs } from './args.ts';

const USAGE =
  'usage: workflow-playground build <workflow.ts> -o <out.wasm> [--interceptors <module.ts>]... [--cache-dir DIR]';

export async function buildCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        interceptors: { type: 'string', multiple: true },
        'cache-dir': { type: 'string' },
      },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [entry] = positionals;
  if (!entry || !values.out) {
    console.error(USAGE);
    return 2;
  }
  const result = await buildComponent(entry, {
    interceptors: values.interceptors ?? [],
    ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
  });
  writeFileSync(values.out, result.component);
  console.log(
    `${values.out}: ${result.component.length} bytes (bundle ${result.bundleBytes} bytes), ` +
      `${result.cached ? 'from cache' : 'built'} in ${(result.ms / 1000).toFixed(2)} s, hash ${result.hash}`,
  );
  return 0;
}
