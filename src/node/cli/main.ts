/**
 * `workflow-playground <command>`: the headless face of the engine. Each command lives in its own
 * module; this file only dispatches and turns errors into a message and a non-zero exit.
 */
import { HelpShown } from './args.ts';
import { bridgeCommand } from './bridge.ts';
import { buildCommand } from './build.ts';
import { buildExamplesCommand } from './build-examples.ts';
import { checkCoreCommand } from './check-core.ts';
import { checkHostCommand } from './check-host.ts';
import { convertCommand } from './convert.ts';
import { inspectCommand } from './inspect.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { complain, say } from './terminal.ts';
import { serverCommand } from './server.ts';
import { workerCommand } from './worker.ts';

/** Each command's full options are in its own `--help`; here, what it is for. */
const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; summary: string }> = {
  build: { run: buildCommand, summary: 'compile a TypeScript workflow module to a component' },
  'build-examples': {
    run: buildExamplesCommand,
    summary: 'build every example into public/examples/',
  },
  inspect: {
    run: inspectCommand,
    summary: 'print the workflow tasks and events of histories (files, directories, URLs, -)',
  },
  convert: {
    run: convertCommand,
    summary: 'rewrite any history form as `temporal workflow show --output json` writes it',
  },
  replay: {
    run: replayCommand,
    summary: 'replay histories with a component (or alone) and report nondeterminism: for CI',
  },
  'check-core': { run: checkCoreCommand, summary: 'compare this engine with real sdk-core' },
  'check-host': {
    run: checkHostCommand,
    summary: "compare this host with Temporal's own wasm host (temporalio-sdk), call by call",
  },
  bridge: { run: bridgeCommand, summary: 'serve live or replayed runs to the page via sdk-core' },
  run: { run: runCommand, summary: 'run a workflow against a simulated service, no server' },
  server: {
    run: serverCommand,
    summary: 'start a local Temporal development server (SQLite, namespace default)',
  },
  worker: {
    run: workerCommand,
    summary: "run a component's workflows as a Temporal worker (sdk-core, no page)",
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'usage: workflow-playground <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "'workflow-playground <command> --help' lists a command's arguments and options.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    say(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    complain(`workflow-playground: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (thrown) {
    if (thrown instanceof HelpShown) return 0;
    throw thrown;
  }
}

// A reader that stops early (`| head`) closes the pipe: that ends the output, it is not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    complain(`workflow-playground: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
