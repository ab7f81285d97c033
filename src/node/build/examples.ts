/**
 * Builds every example under `examples/` into `public/examples/`, with a manifest the app reads.
 * An example is a folder holding `workflow.ts` and `example.json` (title, workflow type, input).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type {
  ExampleManifest,
  ExampleManifestEntry,
  ExampleMeta,
} from '../../../examples/manifest.ts';
import { buildComponent, REPO_ROOT } from './build-component.ts';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
export const PUBLIC_EXAMPLES_DIR = join(REPO_ROOT, 'public', 'examples');

export function listExamples(): string[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES_DIR, d.name, 'workflow.ts')))
    .map((d) => d.name)
    .sort();
}

export async function buildExamples(
  log: (line: string) => void = console.log,
): Promise<ExampleManifestEntry[]> {
  mkdirSync(PUBLIC_EXAMPLES_DIR, { recursive: true });
  const manifest: ExampleManifestEntry[] = [];
  for (const id of listExamples()) {
    const dir = join(EXAMPLES_DIR, id);
    const meta = JSON.parse(readFileSync(join(dir, 'example.json'), 'utf8')) as ExampleMeta;
    const result = await buildComponent(join(dir, 'workflow.ts'));
    const file = `${id}.wasm`;
    writeFileSync(join(PUBLIC_EXAMPLES_DIR, file), result.component);
    let history: string | undefined;
    if (meta.history) {
      history = `${id}.${meta.history}`;
      copyFileSync(join(dir, meta.history), join(PUBLIC_EXAMPLES_DIR, history));
    }
    manifest.push({
      id,
      ...meta,
      component: `examples/${file}`,
      ...(history ? { history: `examples/${history}` } : {}),
      hash: result.hash,
      bytes: result.component.length,
    });
    log(
      `example ${id}: ${(result.component.length / 1e6).toFixed(1)} MB, ` +
        `${result.cached ? 'cached' : 'built'} in ${(result.ms / 1000).toFixed(1)} s (${result.hash.slice(0, 12)})`,
    );
  }
  const index: ExampleManifest = { examples: manifest };
  writeFileSync(join(PUBLIC_EXAMPLES_DIR, 'index.json'), JSON.stringify(index, null, 2));
  return manifest;
}
