/**
 * The conformance suite: every case of cases.ts through both resolver runtimes,
 * by the ResolverRuntime interface alone (as Hono runs one test file against
 * every router). A runtime skips a case only where cases.ts says why; SKIPS.md
 * collects those reasons and the normalisations below.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsRuntime } from '../../../local/appsync/js';
import { TemplateError, TemplateRuntimeError, type Evaluation, type ResolverRuntime } from '../../../local/appsync/runtime/types';
import { VtlRuntime } from '../../../local/appsync/vtl';
import { CASES, type ConformanceCase, type RuntimeName } from './cases';
import { FIXED_NOW, resolverContext } from './context';

const RUNTIMES: [RuntimeName, ResolverRuntime][] = [
  ['VTL', new VtlRuntime({ now: () => FIXED_NOW })],
  ['APPSYNC_JS', new JsRuntime({ now: () => FIXED_NOW })],
];

/** A JS handler body as a module: the imports every case may use, the phase's export. */
function jsModule(testCase: ConformanceCase, phase: 'request' | 'response'): string {
  if (/\bexport\b/.test(testCase.js)) return testCase.js;
  return [
    "import { util, runtime, extensions } from '@aws-appsync/utils';",
    "import * as ddb from '@aws-appsync/utils/dynamodb';",
    `export function ${phase}(ctx) {`,
    `  ${testCase.js}`,
    '}',
  ].join('\n');
}

/**
 * VTL request mappings must say `"version"`; APPSYNC_JS requests do not. The
 * comparison leaves it out of VTL request values (see SKIPS.md, normalisations).
 */
function normalise(runtime: RuntimeName, phase: 'request' | 'response', value: unknown): unknown {
  if (runtime === 'VTL' && phase === 'request' && value && typeof value === 'object' && !Array.isArray(value)) {
    const { version, ...rest } = value as Record<string, unknown>;
    expect(version).toBe('2018-05-29');
    return rest;
  }
  return value;
}

describe.each(RUNTIMES)('%s runtime', (runtimeName, runtime) => {
  for (const testCase of CASES) {
    const divergence = testCase.diverges?.[runtimeName];
    it(`${testCase.name}${divergence ? ` (this runtime's own answer: ${divergence.why})` : ''}`, () => {
      // Prepare
      const phase = testCase.phase ?? 'response';
      const context = resolverContext(structuredClone(testCase.context ?? {}));
      const code = runtimeName === 'VTL' ? testCase.vtl : jsModule(testCase, phase);

      // Act
      let evaluation: Evaluation | undefined;
      let failure: unknown;
      try {
        evaluation = phase === 'request' ? runtime.request(code, context, `Conformance.${phase}`) : runtime.response(code, context, `Conformance.${phase}`);
      } catch (error) {
        failure = error;
      }

      // Assess
      const wanted = divergence ? { ...testCase.expect, value: divergence.value } : testCase.expect;
      if (wanted.error) {
        expect(failure).toBeInstanceOf(TemplateError);
        expect((failure as TemplateError).error).toEqual(wanted.error);
        return;
      }
      if (wanted.runtimeError) {
        expect(failure).toBeInstanceOf(TemplateRuntimeError);
        expect((failure as Error).message).toMatch(wanted.runtimeError);
        return;
      }
      if (failure) throw failure;
      const value = evaluation!.returned ? evaluation!.value : normalise(runtimeName, phase, evaluation!.value);
      if (typeof wanted.value === 'function') (wanted.value as (v: unknown) => void)(value);
      else if ('value' in wanted) expect(value).toEqual(wanted.value);
      expect(evaluation!.returned).toBe(wanted.returned ?? false);
      expect(evaluation!.effects).toEqual(wanted.effects ?? {});
      if (wanted.stash) expect(context.stash).toEqual(wanted.stash);
      expect(context.outErrors).toEqual(wanted.outErrors ?? []);
    });
  }
});

describe('the list of divergences', () => {
  it('every divergence in cases.ts is written down in SKIPS.md', () => {
    // Prepare
    const document = readFileSync(new URL('./SKIPS.md', import.meta.url), 'utf8');

    // Assess
    for (const testCase of CASES) {
      for (const runtime of Object.keys(testCase.diverges ?? {})) expect(document, `${testCase.name} (${runtime})`).toContain(testCase.name);
    }
  });
});
