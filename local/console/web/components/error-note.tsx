import { Alert } from '@aws-amplify/ui-react';
import { describeError } from '../lib/aws';

/** An error from a service, as it answered (type and message), or nothing. */
export function ErrorNote({ error, heading }: { error: unknown; heading?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <Alert variation="error" heading={heading} role="alert" marginBlock="small">
      {describeError(error)}
    </Alert>
  );
}
