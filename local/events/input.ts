/**
 * What a rule's target receives: the whole event, its constant `Input`, the part its
 * `InputPath` selects, or its `InputTransformer`'s template filled from the event (variables
 * from `InputPathsMap`, plus AWS's predefined `aws.events.*` ones).
 */
import type { InputTransformer, Target } from '@aws-sdk/client-eventbridge';
import type { BusEvent } from './types';

/**
 * A JSON path as EventBridge evaluates one: `$`, dot notation, array indices, `*` for every
 * element or member. Undefined when nothing is there.
 */
export function selectPath(document: unknown, path: string): unknown {
  if (path === '$') return document;
  const steps = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter((step) => step !== '');
  let values: unknown[] = [document];
  let many = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of values) {
      if (value === null || typeof value !== 'object') continue;
      if (step === '*') {
        many = true;
        next.push(...(Array.isArray(value) ? value : Object.values(value)));
      } else if (Array.isArray(value) && /^\d+$/.test(step)) {
        if (Number(step) < value.length) next.push(value[Number(step)]);
      } else if (Object.hasOwn(value, step)) {
        next.push((value as Record<string, unknown>)[step]);
      }
    }
    values = next;
  }
  return many ? values : values[0];
}

/** Whether the template position `index` is inside a JSON string (between unescaped quotes). */
function insideQuotes(template: string, index: number): boolean {
  let inside = false;
  for (let i = 0; i < index; i++) {
    if (template[i] === '\\') i++;
    else if (template[i] === '"') inside = !inside;
  }
  return inside;
}

/** A value spliced into a JSON string: its text, escaped so that the string stays valid. */
function asStringContent(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return JSON.stringify(text).slice(1, -1);
}

export interface RuleContext {
  ruleArn: string;
  ruleName: string;
  ingestionTime: string;
}

/** The InputTransformer's output text for this event. */
export function transformInput(transformer: InputTransformer, event: BusEvent, rule: RuleContext): string {
  const { detail: _detail, ...withoutDetail } = event;
  const variables = new Map<string, unknown>([
    ['aws.events.rule-arn', rule.ruleArn],
    ['aws.events.rule-name', rule.ruleName],
    ['aws.events.event.ingestion-time', rule.ingestionTime],
    ['aws.events.event', withoutDetail],
    ['aws.events.event.json', event],
  ]);
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) variables.set(name, selectPath(event, path));
  const template = transformer.InputTemplate ?? '';
  return template.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, name: string, offset: number) => {
    if (!variables.has(name)) return whole;
    const value = variables.get(name);
    if (insideQuotes(template, offset)) return asStringContent(value);
    return value === undefined ? 'null' : JSON.stringify(value);
  });
}

/**
 * The text a target receives for an event: `Input` verbatim, the `InputPath` selection, the
 * transformer's output, or the event itself.
 */
export function targetInput(target: Pick<Target, 'Input' | 'InputPath' | 'InputTransformer'>, event: BusEvent, rule: RuleContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputTransformer) return transformInput(target.InputTransformer, event, rule);
  if (target.InputPath !== undefined) return JSON.stringify(selectPath(event, target.InputPath) ?? null);
  return JSON.stringify(event);
}
