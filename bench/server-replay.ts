/**
 * Replaying a server's histories before a deploy (`replay --query`): a few hundred hello runs
 * recorded by the local Temporal dev server (run by the bridge's worker with the hello component),
 * then listed through visibility and replayed by the real CLI with `--parallel 1` and `2`. Prints
 * executions replayed per second as the CLI reports them (listing, fetching and replaying; the
 * component's load before the first is not counted). Figures are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../src/node/server/devserver.ts';
import { startBridge, stopStarted } from '../test/bridge/harness.ts';
import { helloComponent } from '../test/host/fixtures.ts';
import { REPO } from '../test/paths.ts';

const WORKFLOWS = 300;
const QUEUE = 'bench-server-replay';

const row = (label: string, value: string) => console.log(`  ${label.padEnd(66)} ${value}`);

function replayCli(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'workflow-playground.js'), ...args], {
    cwd: REPO,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (out += String(d)));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

export async function run(): Promise<void> {
  console.log(`replay --query against the local dev server (${WORKFLOWS} hello runs)`);
  const server = await startDevServer({ port: 0, log: () => {} });
  const connection = await Connection.connect({ address: server.address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    await startBridge({
      mode: {
        kind: 'live',
        live: {
          connection: { address: server.address, namespace: 'default', grpcMeta: {} },
          taskQueue: QUEUE,
          maxInFlight: 4,
          maxCachedWorkflows: 8,
          identity: 'bench',
          version: '0.1.0',
        },
      },
      component: { bytes: await helloComponent(), label: 'hello.wasm' },
    });
    const started = performance.now();
    const handles = [];
    for (let i = 0; i < WORKFLOWS; i++)
      handles.push(
        await client.workflow.start('greet', {
          taskQueue: QUEUE,
          workflowId: `bench-${i}`,
          args: [`n${i}`],
        }),
      );
    for (const handle of handles) await handle.result();
    row(
      'recorded by the server (client start → worker → completed)',
      `${((WORKFLOWS / (performance.now() - started)) * 1000).toFixed(1)}/s`,
    );
    await stopStarted();
    const component = join(mkdtempSync(join(tmpdir(), 'bench-server-replay-')), 'hello.wasm');
    writeFileSync(component, await helloComponent());
    for (const parallel of [1, 2]) {
      const out = await replayCli([
        'replay',
        '--component',
        component,
        '--address',
        server.address,
        '--query',
        `TaskQueue="${QUEUE}"`,
        '--parallel',
        String(parallel),
      ]);
      const summary = /(\d+) replayed cleanly, (\d+) failed.* in ([\d.]+) s \(([\d.]+)\/s/.exec(
        out,
      );
      row(
        `replay --query, --parallel ${parallel}`,
        summary
          ? `${summary[4]}/s executions (${summary[1]} ok, ${summary[2]} failed, ${summary[3]} s)`
          : `no summary: ${out.slice(-500)}`,
      );
    }
  } finally {
    await stopStarted();
    await connection.close();
    await server.stop();
  }
}
