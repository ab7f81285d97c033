/**
 * `npm run bench`: runs every benchmark and prints its figures. Benchmarks measure; they never
 * assert timings (tests do not either). `npm run bench -- replay history` runs only those named.
 */
import * as bridge from './bridge.ts';
import * as cliVsTsSdk from './cli-vs-ts-sdk.ts';
import * as foundation from './foundation.ts';
import * as history from './history.ts';
import * as host from './host.ts';
import * as oracle from './oracle.ts';
import * as replay from './replay.ts';
import * as rust from './rust.ts';
import * as sdk from './sdk.ts';
import * as serverReplay from './server-replay.ts';
import * as share from './share.ts';
import * as sim from './sim.ts';
import * as ui from './ui.ts';

const benches = {
  foundation,
  history,
  host,
  oracle,
  replay,
  sdk,
  sim,
  share,
  ui,
  bridge,
  rust,
  'server-replay': serverReplay,
  'cli-vs-ts-sdk': cliVsTsSdk,
};
const only = process.argv.slice(2);
for (const [name, bench] of Object.entries(benches)) {
  if (only.length === 0 || only.includes(name)) await bench.run();
}
