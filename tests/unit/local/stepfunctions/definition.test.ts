/** Definitions as the local interpreter is handed them, and what makes one not runnable. */
import { describe, expect, it } from 'vitest';
import { prepareDefinition, validateDefinition } from '../../../../local/stepfunctions/definition';

describe('validateDefinition', () => {
  it('gives asl-validator’s diagnostics for an invalid definition, and none for a valid one', () => {
    expect(validateDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}').diagnostics).toEqual([]);
    expect(validateDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}').diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'MISSING_TRANSITION_TARGET' })]));
    expect(validateDefinition('not json').diagnostics[0]?.code).toBe('INVALID_JSON_DESCRIPTION');
  });
});

describe('prepareDefinition', () => {
  it('turns Wait and JSONata Pass states into tasks this service runs, and keeps their types for the history', () => {
    const prepared = prepareDefinition({
      StartAt: 'Hold',
      States: { Hold: { Type: 'Wait', Seconds: 2, Next: 'Shape' }, Shape: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% 1 %}', End: true } },
    });
    expect(prepared.notRunnable).toBeUndefined();
    expect(prepared.tasks.get('Hold')).toEqual({ kind: 'wait', seconds: 2 });
    expect(prepared.tasks.get('Shape')).toEqual({ kind: 'jsonata-pass', output: '{% 1 %}' });
    expect(prepared.types.get('Hold')).toBe('Wait');
    expect(prepared.definition.States.Hold).toMatchObject({ Type: 'Task', Next: 'Shape' });
  });

  it('names what the local interpreter does not run: Assign, JSONata Choice, a Map reading from S3', () => {
    const prepared = prepareDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'Pick',
      States: {
        Pick: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Keep' }], Default: 'Keep' },
        Keep: { Type: 'Pass', Assign: { x: 1 }, End: true },
      },
    });
    expect(prepared.notRunnable).toContain('JSONata Choice state Pick');
    expect(prepared.notRunnable).toContain('state Keep assigns variables (Assign)');
    const reader = prepareDefinition({ StartAt: 'M', States: { M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } });
    expect(reader.notRunnable).toContain('Map state M reads or writes items in S3');
  });

  it('gives a Task without TimeoutSeconds AWS’s “no timeout” instead of the library’s 60 s', () => {
    const prepared = prepareDefinition({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', HeartbeatSeconds: 5, End: true } } });
    expect(prepared.definition.States.T).toMatchObject({ TimeoutSeconds: 2_147_483 });
    expect(prepared.definition.States.T).not.toHaveProperty('HeartbeatSeconds');
    expect(prepared.tasks.get('T')).toEqual({ kind: 'task', resource: 'arn:aws:states:::lambda:invoke', heartbeatSeconds: 5 });
  });
});
