/**
 * `npm run bench`: runs every benchmark and prints its figures. Benchmarks measure; they never
 * assert timings (tests do not either).
 */
import * as foundation from './foundation.ts';
import * as ui from './ui.ts';

for (const bench of [foundation, ui]) await bench.run();
