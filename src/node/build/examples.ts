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
import { buildComponent, PUBLIC_EXAMPLES_DIR, REPO_ROOT } from './build-component.ts';
import { rustManifestEntries } from './rust-examples.ts';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

export function readExampleMeta(id: string): ExampleMeta {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, id, 'example.json'), 'utf8')) as ExampleMeta;
}

/** Example ids in gallery order (`order` in example.json, then name). */
export function listExamples(): string[] {
  const ids = readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES_DIR, d.name, 'workflow.ts')))
    .map((d) => d.name);
  const order = new Map(ids.map((id) => [id, readExampleMeta(id).order ?? Infinity]));
  return ids.sort((a, b) => order.get(a)! - order.get(b)! || a.localeCompare(b));
}

/** Builds one example's component, with the interceptor modules its example.json names. */
export function buildExample(id: string) {
  const dir = join(EXAMPLES_DIR, id);
  const interceptors = (readExampleMeta(id).interceptors ?? []).map((path) => join(dir, path));
  return buildComponent(join(dir, 'workflow.ts'), { interceptors });
}

/** An example's manifest entry; `built` once its component is (`npm run build:examples`). */
export function exampleEntry(
  id: string,
  built?: { hash: string; bytes: number },
  history?: string,
): ExampleManifestEntry {
  return {
    id,
    ...readExampleMeta(id),
    component: `examples/${id}.wasm`,
    ...(history ? { history: `examples/${history}` } : {}),
    ...built,
  };
}

/** Checks that each example's `replays` names another example. */
export function checkReplays(ids: string[]): void {
  for (const id of ids) {
    const meta = readExampleMeta(id);
    if (meta.replays !== undefined && !ids.includes(meta.replays))
      throw new Error(
        `examples/${id}/example.json: "replays" names "${meta.replays}", which is not an example (${ids.join(', ')})`,
      );
  }
}

export async function buildExamples(
  log: (line: string) => void = console.log,
): Promise<ExampleManifestEntry[]> {
  mkdirSync(PUBLIC_EXAMPLES_DIR, { recursive: true });
  const manifest: ExampleManifestEntry[] = [];
  const ids = listExamples();
  checkReplays(ids);
  for (const id of ids) {
    const meta = readExampleMeta(id);
    const result = await buildExample(id);
    const file = `${id}.wasm`;
    writeFileSync(join(PUBLIC_EXAMPLES_DIR, file), result.component);
    let history: string | undefined;
    if (meta.history) {
      history = `${id}.${meta.history}`;
      copyFileSync(join(EXAMPLES_DIR, id, meta.history), join(PUBLIC_EXAMPLES_DIR, history));
    }
    manifest.push(exampleEntry(id, { hash: result.hash, bytes: result.component.length }, history));
    log(
      `example ${id}: ${(result.component.length / 1e6).toFixed(1)} MB, ` +
        `${result.cached ? 'cached' : 'built'} in ${(result.ms / 1000).toFixed(1)} s (${result.hash.slice(0, 12)})`,
    );
  }
  // The Rust examples built by `npm run build:rust-examples` follow the TypeScript ones.
  const index: ExampleManifest = { examples: [...manifest, ...rustManifestEntries(log)] };
  writeFileSync(join(PUBLIC_EXAMPLES_DIR, 'index.json'), JSON.stringify(index, null, 2));
  return manifest;
}
