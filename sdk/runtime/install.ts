/**
 * Imported first by every component's entry (src/node/build/bundle.ts), before the workflow
 * modules are evaluated: async context across `await`, then deterministic globals.
 */
import { installAsyncContext } from './async-context.ts';
import { installDeterminism } from './determinism.ts';

installAsyncContext();
installDeterminism();
