import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Some tests build real components with componentize-js (8–15 s each when not cached).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Type-level tests (*.test-d.ts, expectTypeOf) are checked by tsc as part of the run: each
    // `it` fails on a type error inside it, where under a plain run they could not fail.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.node.json',
    },
  },
});
