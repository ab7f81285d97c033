/**
 * `npm run bench`: runs every benchmark and prints its figures. Benchmarks measure; they never
 * assert timings (tests do not either).
 */
import * as foundation from './foundation.ts';
import * as host from './host.ts';

for (const bench of [foundation, host]) await bench.run();
