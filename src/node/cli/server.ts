/**
 * `workflow-playground server`: a local Temporal development server, as `temporal server start-dev`
 * runs one (Temporal's own server in one process, SQLite, namespace `default`), without the Web
 * UI. Built from src/node/server/go on first use and cached. Ctrl+C stops it cleanly.
 */
import { parseCommandArgs } from './args.ts';

const USAGE = `usage: workflow-playground server [--port 7233] [--namespace default] [--db-file F]
                                 [--log-level warn]
  --port N         frontend gRPC port on 127.0.0.1 (default 7233; 0: any free port)
  --namespace NS   namespace to create (default "default"; comma-separate several)
  --db-file F      keep workflows in this SQLite file across restarts (default: in memory)
  --log-level L    the server's own logs: debug, info, warn (default) or error
The first run builds the server with Go (go.temporal.io/server; minutes, once):
\`npm run build:server\` does the same ahead of time.`;

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export async function serverCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      options: {
        port: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'db-file': { type: 'string' },
        'log-level': { type: 'string' },
      },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  const port = Number(values.port ?? 7233);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port ${values.port}: expected a port number\n${USAGE}`);
    return 2;
  }
  const logLevel = (values['log-level'] ?? 'warn') as (typeof LEVELS)[number];
  if (!LEVELS.includes(logLevel)) {
    console.error(`--log-level ${logLevel}: expected one of ${LEVELS.join(', ')}\n${USAGE}`);
    return 2;
  }
  const { startDevServer } = await import('../server/devserver.ts');
  const options: Parameters<typeof startDevServer>[0] = { port, logLevel };
  if (values.namespace) options.namespace = values.namespace;
  if (values['db-file']) options.dbFile = values['db-file'];
  // Installed before the start, so Ctrl+C during a long first build is not lost; the build is
  // then abandoned by exiting.
  let server: Awaited<ReturnType<typeof startDevServer>> | undefined;
  let signals = 0;
  const onSignal = () => {
    if (!server || ++signals > 1) process.exit(130);
    void server.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    server = await startDevServer(options);
  } catch (thrown) {
    console.error(
      `workflow-playground server: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
    return 1;
  }
  console.log(
    `Temporal dev server listening on ${server.address} (namespace ${server.namespace})\n` +
      `  connect with --address ${server.address}, e.g. workflow-playground bridge --task-queue q --address ${server.address}\n` +
      'Press Ctrl+C to stop.',
  );
  const how = await server.exited;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (signals > 0) {
    console.log('Temporal dev server stopped.');
    return 0;
  }
  console.error(`workflow-playground server: the server exited unexpectedly (${how})`);
  return 1;
}
