import { describe, expect, it } from 'vitest';
import { selectPath, targetInput } from '../../../../local/events/input';
import type { BusEvent } from '../../../../local/events/types';
import { LOOP_LIMIT, loopCount, passedThrough, traceFields } from '../../../../local/tracing';

const event: BusEvent = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Incident Triggered',
  source: 'flare.incidents',
  account: '000000000000',
  time: '2026-01-05T08:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/Incident'],
  detail: { id: 'INC-1', severity: 1, title: 'API "down"', tags: ['db', 'eu'], owner: { name: 'ana' } },
};
const rule = { ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/incidents/page', ruleName: 'page', ingestionTime: '2026-01-05T08:00:01Z' };

describe('what a rule target receives', () => {
  it('is the whole event without Input, InputPath or InputTransformer', () => {
    expect(JSON.parse(targetInput({}, event, rule))).toEqual(event);
  });

  it('is the constant Input verbatim', () => {
    expect(targetInput({ Input: '{"job": "page"}' }, event, rule)).toBe('{"job": "page"}');
  });

  it('is the part InputPath selects (objects, arrays, indices), null when absent', () => {
    expect(JSON.parse(targetInput({ InputPath: '$.detail.owner' }, event, rule))).toEqual({ name: 'ana' });
    expect(selectPath(event, '$.detail.tags[1]')).toBe('eu');
    expect(selectPath(event, '$.resources[0]')).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/Incident');
    expect(targetInput({ InputPath: '$.detail.missing' }, event, rule)).toBe('null');
  });

  it('fills an InputTransformer template: JSON values outside quotes, escaped text inside, predefined aws.events variables', () => {
    const output = targetInput(
      {
        InputTransformer: {
          InputPathsMap: { id: '$.detail.id', sev: '$.detail.severity', title: '$.detail.title', tags: '$.detail.tags' },
          InputTemplate: '{"incident": <id>, "severity": <sev>, "text": "SEV<sev>: <title> (<id>)", "tags": <tags>, "rule": "<aws.events.rule-name>", "at": "<aws.events.event.ingestion-time>"}',
        },
      },
      event,
      rule,
    );
    expect(JSON.parse(output)).toEqual({ incident: 'INC-1', severity: 1, text: 'SEV1: API "down" (INC-1)', tags: ['db', 'eu'], rule: 'page', at: '2026-01-05T08:00:01Z' });
  });

  it('leaves a text template as text, and a variable that selects nothing empty inside quotes', () => {
    const output = targetInput({ InputTransformer: { InputPathsMap: { who: '$.detail.nobody' }, InputTemplate: '"paged <who>"' } }, event, rule);
    expect(output).toBe('"paged "');
  });
});

describe('trace headers (loop counting)', () => {
  const through = 'arn:aws:events:us-east-1:000000000000:rule/incidents/loop';

  it('counts the rounds through one rule and keeps the root', () => {
    const first = passedThrough(undefined, through);
    const second = passedThrough(first, through);
    expect(loopCount(first, through)).toBe(1);
    expect(loopCount(second, through)).toBe(2);
    expect(traceFields(second).get('Root')).toBe(traceFields(first).get('Root'));
    expect(loopCount(second, 'arn:aws:sns:us-east-1:000000000000:other')).toBe(0);
  });

  it('reaches the limit after LOOP_LIMIT rounds', () => {
    let header: string | undefined;
    for (let i = 0; i < LOOP_LIMIT; i++) header = passedThrough(header, through);
    expect(loopCount(header, through)).toBe(LOOP_LIMIT);
  });
});
