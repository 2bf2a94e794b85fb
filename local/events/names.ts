import { LOCAL_ACCOUNT } from '../assembly';

const { region: REGION, accountId: ACCOUNT } = LOCAL_ACCOUNT;
const PREFIX = `arn:aws:events:${REGION}:${ACCOUNT}:`;

export const DEFAULT_BUS = 'default';

export const busArn = (name: string) => `${PREFIX}event-bus/${name}`;
/** A rule on the default bus is `rule/<name>`; on a custom bus `rule/<bus>/<name>`. */
export const ruleArn = (bus: string, name: string) => `${PREFIX}rule/${bus === DEFAULT_BUS ? '' : `${bus}/`}${name}`;
export const archiveArn = (name: string) => `${PREFIX}archive/${name}`;
export const replayArn = (name: string) => `${PREFIX}replay/${name}`;

/** A bus's name from a name or ARN (`EventBusName` takes either); `default` when absent. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return DEFAULT_BUS;
  const marker = ':event-bus/';
  const at = nameOrArn.indexOf(marker);
  return nameOrArn.startsWith('arn:') && at >= 0 ? nameOrArn.slice(at + marker.length) : nameOrArn;
}

/** `rule/<bus>/<name>` or `rule/<name>` → bus and name. */
export function parseRuleArn(arn: string): { bus: string; name: string } | undefined {
  const match = /^arn:aws:events:[^:]+:\d{12}:rule\/(?:([^/]+)\/)?([^/]+)$/.exec(arn);
  return match ? { bus: match[1] ?? DEFAULT_BUS, name: match[2] } : undefined;
}

/** The key a rule is stored under: `<bus>/<name>`. */
export const ruleKey = (bus: string, name: string) => `${bus}/${name}`;

/** EventBridge's time format: ISO 8601 without milliseconds. */
export const eventTime = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
