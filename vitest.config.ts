import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Integration tests start local clouds and child processes: give them room.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
