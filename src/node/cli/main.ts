/**
 * `workflow-playground <command>`: the headless face of the engine. Each command lives in its own
 * module; this file only dispatches and turns errors into a message and a non-zero exit.
 */
import { HelpShown } from './args.ts';
import { complain, say } from './terminal.ts';

type Command = (args: string[]) => Promise<number>;

/**
 * Each command's full options are in its own `--help`; here, what it is for. A command's module
 * is loaded only when it runs: `replay` does not load the bridge's sdk-core or the builder's
 * componentize-js (start-up time and memory, measured by `npm run bench -- cli-vs-ts-sdk`).
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  build: {
    load: async () => (await import('./build.ts')).buildCommand,
    summary: 'compile a TypeScript workflow module to a component',
  },
  'build-examples': {
    load: async () => (await import('./build-examples.ts')).buildExamplesCommand,
    summary: 'build every example into public/examples/',
  },
  inspect: {
    load: async () => (await import('./inspect.ts')).inspectCommand,
    summary:
      'print the workflow tasks and events of histories (files, directories, URLs, -, --workflow-id)',
  },
  convert: {
    load: async () => (await import('./convert.ts')).convertCommand,
    summary: 'rewrite any history form as `temporal workflow show --output json` writes it',
  },
  replay: {
    load: async () => (await import('./replay.ts')).replayCommand,
    summary:
      'replay histories (files, --workflow-id, --query) with a component and report nondeterminism',
  },
  query: {
    load: async () => (await import('./query.ts')).queryCommand,
    summary: "ask a workflow query at an activation of a history's replay (the watch panel's)",
  },
  'check-core': {
    load: async () => (await import('./check-core.ts')).checkCoreCommand,
    summary: 'compare this engine with real sdk-core',
  },
  'check-host': {
    load: async () => (await import('./check-host.ts')).checkHostCommand,
    summary: "compare this host with Temporal's own wasm host (temporalio-sdk), call by call",
  },
  bridge: {
    load: async () => (await import('./bridge.ts')).bridgeCommand,
    summary: 'serve live or replayed runs, or server histories, to the page',
  },
  run: {
    load: async () => (await import('./run.ts')).runCommand,
    summary: 'run a workflow against a simulated service, no server',
  },
  server: {
    load: async () => (await import('./server.ts')).serverCommand,
    summary: 'start a local Temporal development server (SQLite, namespace default)',
  },
  worker: {
    load: async () => (await import('./worker.ts')).workerCommand,
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
    return await (
      await command.load()
    )(rest);
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
