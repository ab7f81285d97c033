/** `npm run gen`: regenerates every derived source file (protobuf descriptor, WIT types, scenario schema). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildTrimmedSchema,
  buildWireSchema,
  ENGINE_ENTRIES,
  GUEST_ENTRIES,
  loadFullRoot,
} from './proto-schema.ts';
import { generateScenarioSchema } from './scenario-schema.ts';
import { generateWitTypes } from './wit-types.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Writes only when the content changed, so watchers and caches stay quiet. */
function write(path: string, content: string | Uint8Array): boolean {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  try {
    if (readFileSync(path, 'utf8') === text) return false;
  } catch {
    // missing: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

const started = performance.now();
const protoRoot = loadFullRoot();
const engine = buildTrimmedSchema(ENGINE_ENTRIES, protoRoot);
write(join(repo, 'src/engine/proto/generated/schema.json'), JSON.stringify(engine.json));
const guest = buildWireSchema(GUEST_ENTRIES, protoRoot);
write(join(repo, 'sdk/runtime/generated/wire-schema.json'), JSON.stringify(guest.schema));
write(
  join(repo, 'src/engine/sim/generated/scenario.schema.json'),
  `${JSON.stringify(generateScenarioSchema(join(repo, 'src/engine/sim/scenario.ts')), null, 2)}\n`,
);
const schemas = [
  `${engine.typeCount} protobuf types -> src/engine/proto/generated/schema.json`,
  `${guest.typeCount} -> sdk/runtime/generated/wire-schema.json`,
  'scenario -> src/engine/sim/generated/scenario.schema.json',
];

let witFiles = 0;
for (const side of ['host', 'guest'] as const) {
  const outDir = side === 'host' ? 'src/engine/wit/generated' : 'sdk/wit/generated';
  for (const [name, content] of await generateWitTypes(join(repo, 'wit'), side)) {
    write(join(repo, outDir, name), content);
    witFiles++;
  }
}
console.log(
  `gen: ${schemas.join(', ')}, ` +
    `${witFiles} WIT type files, ${Math.round(performance.now() - started)} ms`,
);
