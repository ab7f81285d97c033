/**
 * `workflow-playground server` and `workflow-playground worker` as users run them (the real bin,
 * child processes): the server prints its address once it accepts calls and stops cleanly on
 * SIGTERM; the worker runs the hello example component against it, and a workflow started with
 * Temporal's client completes with hello's result.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureServerBinary } from '../../src/node/server/build.ts';
import { eventually } from '../bridge/harness.ts';
import { helloComponent } from '../host/fixtures.ts';
import { REPO } from '../paths.ts';

const BIN = join(REPO, 'bin', 'workflow-playground.js');

interface Cli {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

const children: Cli[] = [];
afterAll(async () => {
  for (const cli of children) {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
  }
});

function cli(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO });
  const out: Cli = {
    child,
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout.on('data', (d: Buffer) => out.stdout.push(String(d)));
  child.stderr.on('data', (d: Buffer) => out.stderr.push(String(d)));
  children.push(out);
  return out;
}

describe('workflow-playground server and worker', () => {
  it(
    'serves on a free port, runs hello through the worker, and stops on SIGTERM',
    async () => {
      // Built (or found cached) first, so the wait below is for the server, not the compiler.
      await ensureServerBinary(() => {});
      const server = cli(['server', '--port', '0']);
      const address = await eventually(
        () =>
          /listening on (127\.0\.0\.1:\d+) \(namespace default\)/.exec(server.stdout.join(''))?.[1],
        'the server to print its address',
        120_000,
      );

      const dir = mkdtempSync(join(tmpdir(), 'wp-worker-'));
      const component = join(dir, 'hello.wasm');
      writeFileSync(component, await helloComponent());
      const worker = cli([
        'worker',
        '--component',
        component,
        '--task-queue',
        'cli-hello',
        '--address',
        address,
      ]);
      await eventually(
        () => worker.stdout.join('').includes('polling task queue cli-hello'),
        'the worker to start polling',
        120_000,
      );

      const connection = await Connection.connect({ address });
      try {
        const client = new Client({ connection, namespace: 'default' });
        const handle = await client.workflow.start('greet', {
          taskQueue: 'cli-hello',
          workflowId: 'cli-hello-1',
          args: ['Ada'],
        });
        expect(await handle.result()).toBe('Hello, Ada! (from greet)');
        const events = (await handle.fetchHistory()).events ?? [];
        const identity = events.find((e) => e.workflowTaskCompletedEventAttributes)
          ?.workflowTaskCompletedEventAttributes?.identity;
        expect(identity).toBe(`workflow-playground-worker@${worker.child.pid}`);
      } finally {
        await connection.close();
      }

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.stdout.join('')).toContain('Temporal dev server stopped.');
    },
    45 * 60_000,
  );

  it('refuses a bad port', async () => {
    const server = cli(['server', '--port', 'seven']);
    expect(await server.exited).toBe(2);
    expect(server.stderr.join('')).toContain('--port seven: expected a port number');
  });

  it('worker --activities names a module it cannot load', async () => {
    const worker = cli([
      'worker',
      '--component',
      // Read before the activities, checked only once loaded: any file passes here.
      'package.json',
      '--task-queue',
      'q',
      '--activities',
      'no-such-activities.ts',
    ]);
    expect(await worker.exited).toBe(2);
    expect(worker.stderr.join('')).toContain(
      'no-such-activities.ts: could not load the activities',
    );
  });

  it('worker needs a component and a task queue', async () => {
    const worker = cli(['worker', '--task-queue', 'q']);
    expect(await worker.exited).toBe(2);
    expect(worker.stderr.join('')).toContain('give --component <component.wasm>');
  });
});
