// Entry of the engine's worker thread: the engine is TypeScript, run through tsx like the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
