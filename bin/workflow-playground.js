#!/usr/bin/env node
// Runs the CLI's JavaScript bundle, built first when it is missing or its TypeScript sources
// changed (bin/cli-bundle.js).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundle, freshBundle } from './cli-bundle.js';

const dir = freshBundle() ?? (await buildBundle());
await import(pathToFileURL(join(dir, 'main.js')).href);
