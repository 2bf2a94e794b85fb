/**
 * Tests that skip themselves cannot fail. Every skip in tests/ must be listed in SKIPS.md with
 * its reason, and under CI nothing may skip at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SKIP = /\b(?:describe|it|test|suite)\s*\.\s*(?:skip|skipIf|runIf|todo)\b|\bctx\.skip\(|\bcontext\.skip\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(file);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [file] : [];
  });
}

/** `file: line` for every skip construct in tests/ (this file's own pattern excepted). */
function skipsInTests(): string[] {
  const self = path.resolve(import.meta.filename);
  return testFiles(path.resolve('tests'))
    .filter((file) => file !== self)
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (SKIP.test(line) ? [`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`] : [])),
    );
}

describe('skipped tests', () => {
  it('finds skips where they are written (the check itself can fail)', () => {
    expect(SKIP.test('describe.skipIf(!ready)(')).toBe(true);
    expect(SKIP.test('it.skip(')).toBe(true);
    expect(SKIP.test('  test.todo("x")')).toBe(true);
    expect(SKIP.test('const skipped = list.skip;')).toBe(false);
  });

  it('every skip in tests/ is listed in SKIPS.md with its reason', () => {
    const listed = readFileSync('SKIPS.md', 'utf8');
    const unlisted = skipsInTests().filter((where) => !listed.includes(`| ${where.split(':')[0]} |`));
    expect(unlisted, 'skips missing from SKIPS.md').toEqual([]);
  });

  it('nothing skips under CI', () => {
    if (!process.env.CI) return;
    expect(skipsInTests()).toEqual([]);
  });
});
