/**
 * Contract between the AppSync engine (local/appsync) and its two resolver
 * runtimes (local/appsync/vtl and local/appsync/js).
 */

/** `$ctx.identity` / `ctx.identity`, shaped as AppSync shapes it for the auth mode. */
export type AppSyncIdentity = Record<string, unknown> | null;

export interface ResolverInfo {
  fieldName: string;
  parentTypeName: string;
  variables: Record<string, unknown>;
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

/** The context a template or handler sees. Mutations to `stash` persist across the pipeline. */
export interface ResolverContext {
  arguments: Record<string, unknown>;
  source: Record<string, unknown> | null;
  identity: AppSyncIdentity;
  request: { headers: Record<string, string>; domainName: string | null };
  info: ResolverInfo;
  stash: Record<string, unknown>;
  /** Pipeline: the previous step's result. */
  prev?: { result: unknown };
  /** Response phase: the data source's result and error. */
  result?: unknown;
  error?: { message: string; type: string } | null;
  /** Errors appended with `$util.appendError` / `util.appendError` (shared across the resolver). */
  outErrors: AppSyncResolverError[];
  /** The auth type AppSync resolved for this request (`$util.authType()`). */
  authType: 'API Key Authorization' | 'IAM Authorization' | 'User Pool Authorization' | 'Open ID Connect Authorization' | 'Lambda Authorization';
}

/** One `errors[]` entry as AppSync returns it. */
export interface AppSyncResolverError {
  message: string;
  errorType?: string;
  data?: unknown;
  errorInfo?: unknown;
}

/** Thrown by `$util.error` / `util.error` / `$util.unauthorized`: ends the field with this error. */
export class TemplateError extends Error {
  constructor(readonly error: AppSyncResolverError) {
    super(error.message);
    this.name = 'TemplateError';
  }
}

/** A template or handler that is itself broken (syntax, unknown $util method): the backend's bug. */
export class TemplateRuntimeError extends Error {
  constructor(message: string, readonly location?: string) {
    super(message);
    this.name = 'TemplateRuntimeError';
  }
}

/** Subscription-related effects requested through `$extensions` / `extensions`. */
export interface ExtensionEffects {
  subscriptionFilters?: unknown[];
  invalidationFilters?: unknown[];
  invalidations?: { subscriptionField: string; payload: Record<string, unknown> }[];
}

export interface Evaluation {
  /**
   * The value the template produced: for VTL the rendered text parsed as JSON
   * (a response template that renders plain text yields that text); for JS the
   * returned value.
   */
  value: unknown;
  /** `#return` / `runtime.earlyReturn`: skip the rest (and, in a request, the data source). */
  returned: boolean;
  effects: ExtensionEffects;
}

/** A resolver runtime: VTL (2018-05-29) or APPSYNC_JS (1.0.0). */
export interface ResolverRuntime {
  readonly name: 'VTL' | 'APPSYNC_JS';
  /** Evaluates a request template / `request` function. Throws TemplateError or TemplateRuntimeError. */
  request(code: string, context: ResolverContext, location: string): Evaluation;
  /** Evaluates a response template / `response` function. Throws TemplateError or TemplateRuntimeError. */
  response(code: string, context: ResolverContext, location: string): Evaluation;
}
