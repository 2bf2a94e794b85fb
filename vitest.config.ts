import { defineConfig } from 'vitest/config';

export default defineConfig({
  // flare-local is a workspace of this repository: tests import its sources.
  resolve: { conditions: ['flare-source'] },
  ssr: { resolve: { conditions: ['flare-source'], externalConditions: ['flare-source'] } },
  test: {
    include: ['tests/**/*.test.ts'],
    // Any run, even of one file, first brings the synthesized backend up to date (or says what to run).
    globalSetup: ['tests/global-setup.ts'],
    // Integration tests start local clouds and child processes: give them room.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests run on Node 20 on purpose (this machine's Node); the SDK's upgrade notice is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
