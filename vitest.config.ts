import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Some tests build real components with componentize-js (8–15 s each when not cached).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
