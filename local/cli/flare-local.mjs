#!/usr/bin/env node
// The `flare-local` command. A published package carries the CLI built into dist/ (see
// build.mjs, run by `npm pack`); inside Flare's own repository, where dist/ is never
// kept, the TypeScript sources run through tsx, and `flare-local` imports made by what
// the CLI loads (a --seed module) resolve to the sources too (the package's
// "flare-source" export condition).
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const built = new URL('../dist/cli.mjs', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const withSourceCondition = `export function resolve(specifier, context, next) {
    return next(specifier, { ...context, conditions: [...context.conditions, 'flare-source'] });
  }`;
  registerHooks(`data:text/javascript,${encodeURIComponent(withSourceCondition)}`);
  await import(new URL('./main.ts', import.meta.url).href);
}
