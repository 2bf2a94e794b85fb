/**
 * Members several EventBridge operations share, with the constraints of EventBridge's API
 * model (`eventbridge/2015-10-07`).
 */
import type { StringShape } from '../../kit';

export const RULE_NAME: StringShape = { type: 'string', min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };
export const BUS_NAME: StringShape = { type: 'string', min: 1, max: 256, pattern: '[/\\.\\-_A-Za-z0-9]+' };
export const BUS_NAME_OR_ARN: StringShape = { type: 'string', min: 1, max: 1600, pattern: '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+' };
export const TARGET_ID: StringShape = { type: 'string', min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };
export const EVENT_PATTERN: StringShape = { type: 'string', max: 4096 };
export const DESCRIPTION: StringShape = { type: 'string', max: 512 };
export const NEXT_TOKEN: StringShape = { type: 'string', min: 1, max: 2048 };
export const LIMIT = { type: 'integer', min: 1, max: 100 } as const;
export const ROLE_ARN: StringShape = { type: 'string', min: 1, max: 1600 };
