/**
 * Errors in words a person understands, with the raw details kept for whoever needs them.
 * The backend's own rule messages (validation, name taken, illegal transition) are already
 * written for people and are shown as they are; what AppSync, Lambda or the network add
 * around them (`Lambda:Unhandled`, `DynamoDB:…`, stack-like text) goes to the details.
 */
export interface FriendlyError {
  /** One sentence for the person. */
  summary: string;
  /** What the API or browser said, verbatim. */
  details: string;
}

interface GraphQLErrorLike {
  message?: string;
  errorType?: string | null;
}

/** Error types whose message is a rule Flare states for people. */
const RULE_TYPES = new Set(['ValidationError', 'Lambda:Unhandled', 'ServiceNameTaken', 'IllegalTransition', 'NotFound']);

function graphqlErrors(error: unknown): GraphQLErrorLike[] | undefined {
  const errors = (error as { errors?: unknown })?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphQLErrorLike[]) : undefined;
}

function summarize(error: GraphQLErrorLike): string {
  const type = error.errorType ?? '';
  const message = (error.message ?? '').trim();
  if (type === 'Unauthorized' || /^Not Authorized/i.test(message)) return 'You do not have permission to do this. Ask an admin if you need it.';
  if (type === 'ConditionalCheckFailedException' || type === 'DynamoDB:ConditionalCheckFailedException') return 'Someone changed this at the same time. Reload and try again.';
  if (RULE_TYPES.has(type) && message && !/^(Error|TypeError|Task timed out|RequestId:|Runtime\.)/.test(message)) return message.endsWith('.') ? message : `${message}.`;
  if (/network|failed to fetch|load failed/i.test(message)) return 'Flare cannot reach its server. Check your connection and try again; what you typed is kept.';
  return 'Something went wrong on the server. Try again; if it keeps happening, share the details with your team.';
}

/**
 * @example friendlyError({ errors: [{ errorType: 'Lambda:Unhandled', message: 'Name is required' }] }).summary === 'Name is required.'
 */
export function friendlyError(error: unknown): FriendlyError {
  const errors = graphqlErrors(error);
  if (errors) {
    return {
      summary: [...new Set(errors.map(summarize))].join(' '),
      details: errors.map((e) => (e.errorType ? `${e.errorType}: ${e.message}` : String(e.message))).join('\n'),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  return { summary: summarize({ message, errorType: name === 'TypeError' ? 'Network' : undefined }), details: name ? `${name}: ${message}` : message };
}

/** A GraphQL response's errors, thrown as one Error (friendlyError reads `errors`). */
export class ApiError extends Error {
  constructor(readonly errors: readonly GraphQLErrorLike[]) {
    super(errors.map((e) => (e.errorType ? `${e.errorType}: ${e.message}` : String(e.message))).join('\n'));
    this.name = 'ApiError';
  }
}

/** Throws a result's GraphQL errors as an ApiError; returns its data otherwise. */
export function unwrap<T>(result: { data: T; errors?: readonly GraphQLErrorLike[] | null }): T {
  if (result.errors && result.errors.length > 0) throw new ApiError(result.errors);
  return result.data;
}
