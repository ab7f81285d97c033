/** This tool's version (package.json), sent as the worker's client version and in `welcome`. */
import { createRequire } from 'node:module';

export const VERSION: string = (
  createRequire(import.meta.url)('../../../package.json') as { version: string }
).version;
