// The TS SDK's replayer as a user runs it: `node bench/ts-sdk-replay.mjs <workflow.ts> <history.json>
// <workflow id>` bundles the workflow module with the TS SDK's bundler (our guest SDK's import
// aliased to @temporalio/workflow, as test/oracle/ts-sdk.test.ts does) and replays the history
// with Worker.runReplayHistory. Plain JavaScript, so nothing but the TS SDK is measured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';

const [workflowsPath, historyPath, workflowId] = process.argv.slice(2);
const GUEST_SDK = join(fileURLToPath(new URL('..', import.meta.url)), 'sdk', 'index.ts');
const logger = new DefaultLogger('ERROR');
Runtime.install({
  logger,
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});
const workflowBundle = await bundleWorkflowCode({
  workflowsPath,
  logger,
  webpackConfigHook: (config) => ({
    ...config,
    resolve: {
      ...config.resolve,
      alias: { ...config.resolve?.alias, [GUEST_SDK]: '@temporalio/workflow' },
    },
  }),
});
const history = historyFromJSON(JSON.parse(readFileSync(historyPath, 'utf8')));
await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
