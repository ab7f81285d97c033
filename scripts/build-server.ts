/**
 * `npm run build:server`: builds the local Temporal dev server ahead of its first use (cached;
 * nothing happens when its sources have not changed). `npm test` runs it before the unit tests.
 */
import { ensureServerBinary } from '../src/node/server/build.ts';

const binary = await ensureServerBinary((line) => console.log(line));
console.log(`Temporal dev server: ${binary.built ? 'built' : 'up to date'} (${binary.path})`);
