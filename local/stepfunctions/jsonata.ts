/**
 * JSONata as Step Functions evaluates it (`{% … %}` strings anywhere in Arguments and Output),
 * with the functions AWS adds ($partition, $range, $hash, $random, $uuid, $parse) and $eval
 * refused, as AWS refuses it.
 */
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { StatesFailure } from './errors';

/** `$states` as AWS binds it: the state's input, its result (in Output), the context object. */
export interface StatesBinding {
  input: unknown;
  result?: unknown;
  context: unknown;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function queryError(message: string): StatesFailure {
  return new StatesFailure('States.QueryEvaluationError', message);
}

const AWS_FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
  partition: (array: unknown[], size: number) => {
    if (!Array.isArray(array) || !(size > 0)) throw queryError('$partition takes an array and a positive chunk size');
    const chunks: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  range: (start: number, end: number, step: number) => {
    if (!(step !== 0) || ![start, end, step].every(Number.isInteger)) throw queryError('$range takes integer start, end and a non-zero step');
    const values: number[] = [];
    for (let value = start; step > 0 ? value <= end : value >= end; value += step) values.push(value);
    return values;
  },
  hash: (data: string, algorithm: string) => {
    const name = HASH_ALGORITHMS[algorithm];
    if (!name) throw queryError(`$hash: algorithm ${algorithm} is not one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    return createHash(name).update(String(data)).digest('hex');
  },
  random: (seed?: number) => (seed === undefined ? Math.random() : mulberry(seed)),
  uuid: () => randomUUID(),
  parse: (text: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw queryError(`$parse: the text is not JSON: ${String(text).slice(0, 100)}`);
    }
  },
  eval: () => {
    throw queryError('The function $eval is not supported');
  },
};

/** A seeded random number in [0, 1), the same for the same seed. */
function mulberry(seed: number): number {
  let t = (Math.trunc(seed) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

async function evaluate(text: string, states: StatesBinding): Promise<unknown> {
  let expression;
  try {
    expression = jsonata(text);
  } catch (error) {
    throw queryError(`The JSONata expression '${text.trim()}' is not valid: ${(error as Error).message}`);
  }
  for (const [name, fn] of Object.entries(AWS_FUNCTIONS)) expression.assign(name, fn);
  try {
    return await expression.evaluate({}, { states });
  } catch (error) {
    if (error instanceof StatesFailure) throw error;
    throw queryError(`The JSONata expression '${text.trim()}' failed: ${(error as Error).message}`);
  }
}

/**
 * A template with `{% … %}` strings evaluated: strings that are one expression become its
 * value; objects and arrays are evaluated member by member; anything else is itself.
 * @example
 * await evaluateTemplate({ total: '{% $sum($states.input.items) %}' }, { input: { items: [1, 2] }, context: {} }); // { total: 3 }
 */
export async function evaluateTemplate(template: unknown, states: StatesBinding): Promise<unknown> {
  if (typeof template === 'string') {
    const match = EXPRESSION.exec(template.trim());
    return match ? evaluate(match[1]!, states) : template;
  }
  if (Array.isArray(template)) return Promise.all(template.map((item) => evaluateTemplate(item, states)));
  if (template && typeof template === 'object') {
    const entries = await Promise.all(Object.entries(template).map(async ([key, value]) => [key, await evaluateTemplate(value, states)] as const));
    return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  }
  return template;
}
