#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so there is no separate compile step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/node/cli/main.ts');
