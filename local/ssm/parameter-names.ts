import { LOCAL_ACCOUNT } from '../assembly';

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>` */
export function parameterArn(name: string): string {
  const { region, accountId } = LOCAL_ACCOUNT;
  return `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? name : `/${name}`}`;
}

/** A name given as an ARN is the name after `parameter`. */
export function nameFromArnOrName(reference: string): string {
  const match = /^arn:aws:ssm:[^:]*:\d*:parameter(\/.*)$/.exec(reference);
  if (!match) return reference;
  // `parameter/foo` names `foo`; `parameter/a/b` names `/a/b` (hierarchies keep their slash).
  const rest = match[1];
  return rest.indexOf('/', 1) > 0 ? rest : rest.slice(1);
}

/**
 * `name`, `name:3` (version) or `name:label`, as GetParameter(s) accept them, the name given
 * plainly or as an ARN. Parameter names cannot contain a colon, so the first one after the
 * name part starts the selector.
 */
export function parseReference(reference: string): { name: string; selector?: string } {
  let from = 0;
  if (reference.startsWith('arn:')) {
    const at = reference.indexOf(':parameter');
    if (at >= 0) from = at + ':parameter'.length;
  }
  const colon = reference.indexOf(':', from);
  if (colon < 0 || (from === 0 && reference.startsWith('arn:'))) return { name: nameFromArnOrName(reference) };
  return { name: nameFromArnOrName(reference.slice(0, colon)), selector: reference.slice(colon + 1) };
}

const PREFIX_RULE = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';
const PATH_RULE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

/** Parameter Store's hierarchies are at most 15 levels deep. */
const MAX_LEVELS = 15;

/**
 * Why a name may not be created, per SSM's naming rules (beyond the model's length), or
 * undefined: `reserved` for `/aws/…`, `depth` past 15 levels, else the message to answer.
 */
export function nameProblem(name: string): { kind: 'reserved' | 'depth' | 'invalid'; message?: string } | undefined {
  const path = name.includes('/');
  const bare = name.replace(/^\//, '').toLowerCase();
  if (path && name.toLowerCase().startsWith('/aws/')) return { kind: 'reserved' };
  if (bare.startsWith('aws') || bare.startsWith('ssm')) return { kind: 'invalid', message: path ? PATH_RULE : PREFIX_RULE };
  // Fully qualified: a hierarchy starts with a slash; no empty levels; letters, digits and . - _ only.
  if (!/^[A-Za-z0-9_.\-/]+$/.test(name) || (path && (!name.startsWith('/') || name.includes('//') || name.endsWith('/')))) return { kind: 'invalid', message: PATH_RULE };
  if (name.split('/').length - 1 > MAX_LEVELS) return { kind: 'depth' };
  return undefined;
}
