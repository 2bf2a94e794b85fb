import { Alert, Flex, Loader, Text } from '@aws-amplify/ui-react';
import type { ReactNode } from 'react';
import type { FriendlyError } from '../lib/errors';

export function Loading({ what }: { what: string }) {
  return (
    <Flex role="status" aria-live="polite" alignItems="center" gap="small" padding="medium">
      <Loader size="small" />
      <Text>Loading {what}…</Text>
    </Flex>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text color="font.secondary" padding="small">
      {children}
    </Text>
  );
}

/** An error in words a person understands; what the API said is one click away. */
export function ErrorAlert({ error, onDismiss }: { error: FriendlyError | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <Alert variation="error" role="alert" isDismissible={Boolean(onDismiss)} onDismiss={onDismiss} hasIcon data-testid="error-alert">
      <Text as="span" data-testid="error-summary">{error.summary}</Text>
      <details>
        <summary>Details</summary>
        <Text as="pre" fontSize="small" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>
          {error.details}
        </Text>
      </details>
    </Alert>
  );
}

/** Shown by the dev server before amplify_outputs.json exists; the page reloads when it does. */
export function WaitingForBackend() {
  return (
    <main aria-labelledby="waiting-title" style={{ padding: '1rem', fontFamily: 'system-ui, sans-serif' }}>
      <h1 id="waiting-title">Flare</h1>
      <p role="status" aria-live="polite">
        The backend is starting: waiting for <code>amplify_outputs.json</code>. This page reloads by itself when it is written
        (by <code>npm run dev</code>, <code>npm run local</code> or <code>npx ampx sandbox</code>).
      </p>
    </main>
  );
}
