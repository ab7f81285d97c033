/**
 * `npm run bench`: runs every benchmark and prints its figures. Benchmarks measure; they never
 * assert timings (tests do not either).
 */
import * as foundation from './foundation.ts';
import * as oracle from './oracle.ts';
import * as replay from './replay.ts';

// `npm run bench -- replay` runs only the benches whose names are given.
const benches = { foundation, oracle, replay };
const only = process.argv.slice(2);
for (const [name, bench] of Object.entries(benches))
  if (only.length === 0 || only.includes(name)) await bench.run();
