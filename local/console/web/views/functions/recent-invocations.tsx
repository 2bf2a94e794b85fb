import { Badge, Flex, Heading, Text } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { useInterval } from '../../lib/hooks';
import { localApi } from '../../lib/session';
// The wire shape of the local endpoint, from the Lambda service's history (a type only: nothing server-side is bundled).
import type { InvocationRecord as Invocation } from '../../../../lambda/invocation-history';


const POLL_MS = 2000;

/**
 * The function's latest invocations, newest first, kept live: who invoked it, how long it
 * took, its result and its log. From the console's local endpoint — CloudWatch Logs holds
 * these on AWS, and no local Logs API exists.
 */
export function RecentInvocations({ functionName }: { functionName: string }) {
  const [invocations, setInvocations] = useState<Invocation[]>();
  const [error, setError] = useState<unknown>();
  useInterval(
    () => {
      localApi<{ invocations: Invocation[] }>(`/functions/${encodeURIComponent(functionName)}/invocations`).then(
        (body) => {
          setInvocations(body.invocations);
          setError(undefined);
        },
        setError,
      );
    },
    POLL_MS,
    [functionName],
  );
  return (
    <Flex direction="column" gap="small" as="section" aria-label="Recent invocations">
      <Heading level={3} fontSize="medium">
        Recent invocations
      </Heading>
      <ErrorNote error={error} />
      {invocations?.length === 0 && <Text>None since the local cloud started.</Text>}
      <Flex as="ol" direction="column" gap="small" padding="0" style={{ listStyle: 'none' }}>
        {invocations?.map((invocation) => (
          <li key={invocation.requestId}>
            <details>
              <summary>
                <Badge size="small" variation={invocation.error ? 'error' : 'success'}>
                  {invocation.error ? invocation.error.errorType : 'ok'}
                </Badge>{' '}
                <Text as="span" fontSize="small">
                  {new Date(invocation.startedAt).toLocaleTimeString()} · {invocation.durationMs.toFixed(1)} ms
                  {invocation.initMs !== undefined ? ` (cold start ${invocation.initMs.toFixed(0)} ms)` : ''} · {invocation.source ?? 'unknown caller'} · {invocation.requestId}
                </Text>
              </summary>
              <Text fontSize="small" color="font.secondary" marginTop="xs">
                Log
              </Text>
              <pre className="console-pre">{invocation.logs.join('\n') || '(no output)'}</pre>
              <Text fontSize="small" color="font.secondary" marginTop="xs">
                {invocation.error ? 'Error' : 'Result'}
                {invocation.payloadTruncated ? ' (first 16 KiB)' : ''}
              </Text>
              <pre className="console-pre">{invocation.payload ?? ''}</pre>
            </details>
          </li>
        ))}
      </Flex>
    </Flex>
  );
}
