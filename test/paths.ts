import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The shared folder beside the repository (CI clones the repo next to it). */
export const SHARED = resolve(REPO, '..', 'shared');
export const HISTORIES = join(SHARED, 'histories');
