import type { AppSyncIdentity } from 'aws-lambda';

/**
 * The event a function behind `a.handler.function(...)` receives: the payload of the
 * Lambda data source's generated invoke template, with `typeName` and `fieldName` at the
 * top level. It is not aws-lambda's `AppSyncResolverEvent` (a direct resolver's event):
 * there is no `info` (aws-amplify/amplify-backend#3120).
 */
export interface AmplifyResolverEvent<TArguments> {
  typeName: string;
  fieldName: string;
  arguments: TArguments;
  identity?: AppSyncIdentity;
  source: Record<string, unknown> | null;
  request: { headers: Record<string, string | undefined>; domainName?: string | null };
  prev: { result: Record<string, unknown> } | null;
}
