/**
 * Starts the local Temporal development server (see build.ts) as a child process and resolves
 * once its frontend accepts calls, which the program announces with one line on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureServerBinary } from './build.ts';

export interface DevServerOptions {
  /** Frontend gRPC port; 0 picks a free one. */
  port?: number;
  namespace?: string;
  /** SQLite file to keep state in across restarts; in memory when absent. */
  dbFile?: string;
  /** The server's own log level (warn by default: its info logs are for operators). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Where the server's log lines and the build's progress go. */
  log?: (line: string) => void;
}

export interface DevServer {
  /** host:port of the frontend, as clients and `--address` take it. */
  address: string;
  namespace: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
  /** Asks the server to stop (SIGTERM) and waits for it to exit. */
  stop(): Promise<number | NodeJS.Signals>;
}

const READY = /^Temporal server ready at (\S+) /;

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const binary = await ensureServerBinary(log);
  const namespace = options.namespace ?? 'default';
  const args = [
    '-ip',
    '127.0.0.1',
    '-port',
    // 0: the server picks a free port and announces it.
    String(options.port ?? 0),
    '-namespace',
    namespace,
    '-log-level',
    options.logLevel ?? 'warn',
    // Stdin is a pipe only this process holds: if it dies, the server stops too.
    '-stop-on-stdin-eof',
  ];
  if (options.dbFile) args.push('-db-file', options.dbFile);
  const child: ChildProcess = spawn(binary.path, args, { stdio: ['pipe', 'pipe', 'pipe'] });

  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)),
  );
  const stderrTail: string[] = [];
  lines(child.stderr!, (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
    log(line);
  });

  const address = await new Promise<string>((resolve, reject) => {
    lines(child.stdout!, (line) => {
      const ready = READY.exec(line);
      if (ready) resolve(ready[1]!);
      else log(line);
    });
    child.once('error', reject);
    void exited.then((how) =>
      reject(
        new Error(
          `the Temporal dev server exited (${how}) before it was ready:\n${stderrTail.join('\n')}`,
        ),
      ),
    );
  });

  return {
    address,
    namespace,
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const part of parts) if (part.trim()) each(part);
  });
  stream.on('end', () => {
    if (pending.trim()) each(pending);
  });
}
