/**
 * `npm start` serves the page at once and builds the examples lazily: the manifest comes from
 * the examples' metadata (no build needed), an example's component is built when the page first
 * asks for it, and the rest are built one at a time in the background, so picking one later is
 * quick. Builds go through the component cache (`.cache/components/`), so a restart rebuilds
 * nothing that did not change. One build at a time: a componentize run takes a core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ViteDevServer } from 'vite';
import type { ExampleManifest } from '../../../examples/manifest.ts';
import {
  buildExample,
  checkReplays,
  EXAMPLES_DIR,
  exampleEntry,
  listExamples,
  readExampleMeta,
} from './examples.ts';
import { rustManifestEntries } from './rust-examples.ts';

interface Built {
  hash: string;
  bytes: number;
}

export class LazyExamples {
  readonly ids = listExamples();
  private readonly builds = new Map<string, Promise<Built>>();
  private readonly built = new Map<string, Built>();
  /** The build running now; the next one starts after it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: (line: string) => void) {
    checkReplays(this.ids);
  }

  /** The manifest as it stands: every example, with hash and size once built. */
  manifest(): ExampleManifest {
    return {
      examples: [
        ...this.ids.map((id) => exampleEntry(id, this.built.get(id), this.historyFile(id))),
        ...rustManifestEntries(() => {}),
      ],
    };
  }

  /** The component's bytes, built first if need be (after the build running now, if any). */
  async component(id: string): Promise<Uint8Array> {
    await this.build(id);
    // Built again, from the cache: the cached file lacks the source-map section each build appends
    // (its hash keys the JavaScript), so the bytes come from the build, not from the cache's file.
    return (await buildExample(id)).component;
  }

  /** The example's recorded history file, when it has one. */
  history(id: string): Uint8Array | undefined {
    const file = readExampleMeta(id).history;
    return file ? readFileSync(join(EXAMPLES_DIR, id, file)) : undefined;
  }

  /** Builds the examples not asked for yet, one after another, each behind any asked for. */
  async buildAll(): Promise<void> {
    for (const id of this.ids) await this.build(id).catch(() => undefined);
    this.log(`examples: all ${this.ids.length} built`);
  }

  /** The name the app fetches the example's recorded history by, when it has one. */
  historyFile(id: string): string | undefined {
    const file = readExampleMeta(id).history;
    return file ? `${id}.${file}` : undefined;
  }

  private build(id: string): Promise<Built> {
    let build = this.builds.get(id);
    if (!build) {
      build = this.queue.then(async () => {
        const result = await buildExample(id);
        const built = { hash: result.hash, bytes: result.component.length };
        this.built.set(id, built);
        this.log(
          `example ${id}: ${result.cached ? 'from the cache' : 'built'} in ${(result.ms / 1000).toFixed(1)} s`,
        );
        return built;
      });
      this.queue = build.catch(() => undefined);
      this.builds.set(id, build);
      // A failed build is tried again on the next request.
      build.catch((thrown: unknown) => {
        this.builds.delete(id);
        this.log(`example ${id} did not build: ${(thrown as Error).message}`);
      });
    }
    return build;
  }
}

/** The dev server's side of it: answers /examples/index.json and /examples/<id>.wasm itself. */
export function serveExamples(server: ViteDevServer, headers: Record<string, string>): void {
  const log = (line: string) => server.config.logger.info(line, { timestamp: true });
  const examples = new LazyExamples(log);
  const prefix = `${server.config.base}examples/`;
  server.middlewares.use((req, res, next) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith(prefix)) return next();
    const name = path.slice(prefix.length);
    const send = (type: string, body: Uint8Array | string) => {
      for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
      res.setHeader('Content-Type', type);
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    };
    if (name === 'index.json')
      return send('application/json', JSON.stringify(examples.manifest(), null, 2));
    const id = /^([a-z0-9-]+)\.wasm$/.exec(name)?.[1];
    const historyOf = examples.ids.find((e) => name === examples.historyFile(e));
    if (id && examples.ids.includes(id)) {
      examples.component(id).then(
        (bytes) => send('application/wasm', bytes),
        (thrown: unknown) => {
          res.statusCode = 500;
          send('text/plain', `the example ${id} did not build: ${(thrown as Error).message}`);
        },
      );
      return;
    }
    const history = historyOf && examples.history(historyOf);
    if (history) return send('application/octet-stream', history);
    next();
  });
  server.httpServer?.once('listening', () => {
    log(`examples: ${examples.ids.length} to build in the background (each on demand first)`);
    void examples.buildAll();
  });
}
