/** JSONata as Step Functions evaluates it: `{% %}` templates, AWS's added functions, $eval refused. */
import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../../../local/stepfunctions/errors';
import { evaluateTemplate } from '../../../../local/stepfunctions/jsonata';

const states = (input: unknown) => ({ input, context: {} });

describe('evaluateTemplate', () => {
  it('evaluates `{% %}` strings anywhere in a template and leaves other values as they are', async () => {
    const template = { total: '{% $sum($states.input.items) %}', label: 'plain', nested: ['{% $count($states.input.items) %}', 3] };
    expect(await evaluateTemplate(template, states({ items: [1, 2, 3] }))).toEqual({ total: 6, label: 'plain', nested: [3, 3] });
  });

  it('has AWS’s functions: $partition, $range, $hash, $parse, $uuid, $random with a seed', async () => {
    expect(await evaluateTemplate('{% $partition([1,2,3,4,5], 2) %}', states({}))).toEqual([[1, 2], [3, 4], [5]]);
    expect(await evaluateTemplate('{% $range(0, 10, 5) %}', states({}))).toEqual([0, 5, 10]);
    expect(await evaluateTemplate('{% $hash("abc", "SHA-256") %}', states({}))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await evaluateTemplate('{% $parse($states.input.text).a %}', states({ text: '{"a":1}' }))).toBe(1);
    expect(await evaluateTemplate('{% $uuid() %}', states({}))).toMatch(/^[0-9a-f-]{36}$/);
    const seeded = await evaluateTemplate('{% $random(7) %}', states({}));
    expect(await evaluateTemplate('{% $random(7) %}', states({}))).toBe(seeded);
  });

  it('refuses $eval and fails bad expressions with States.QueryEvaluationError', async () => {
    const refused = await evaluateTemplate('{% $eval("1+1") %}', states({})).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StatesFailure);
    expect(refused).toMatchObject({ name: 'States.QueryEvaluationError' });
    await expect(evaluateTemplate('{% $sum( %}', states({}))).rejects.toMatchObject({ name: 'States.QueryEvaluationError' });
  });
});
