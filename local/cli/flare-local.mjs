#!/usr/bin/env node
// The `flare-local` command. A published package carries the CLI built into dist/ (see
// build.mjs, run by `npm pack`); inside Flare's own repository, where dist/ is never
// kept, the TypeScript sources run through tsx, as Flare's scripts always did.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.mjs', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./main.ts', import.meta.url).href);
}
