import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { Badge, Button, Flex, Heading, SelectField, Text } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { JsonEditor, parseJson } from '../../components/json-editor';
import { useSession } from '../../lib/session-context';
import { EVENT_TEMPLATES } from './event-templates';

interface Outcome {
  status?: number;
  functionError?: string;
  payload: string;
  log?: string;
}

/** Invoke with an event (from a template or written), synchronously with its log tail, or asynchronously. */
export function InvokeFunction({ client, functionName }: { client: LambdaClient; functionName: string }) {
  const session = useSession();
  const [template, setTemplate] = useState(0);
  const [text, setText] = useState('{}');
  const [type, setType] = useState<'RequestResponse' | 'Event'>('RequestResponse');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<unknown>();
  const parsed = parseJson(text);

  async function invoke() {
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    try {
      const result = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: type, LogType: type === 'RequestResponse' ? 'Tail' : 'None', Payload: new TextEncoder().encode(text) }));
      setOutcome({
        status: result.StatusCode,
        functionError: result.FunctionError,
        payload: result.Payload ? new TextDecoder().decode(result.Payload) : '',
        log: result.LogResult ? new TextDecoder().decode(Uint8Array.from(atob(result.LogResult), (c) => c.charCodeAt(0))) : undefined,
      });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  let shownPayload = outcome?.payload ?? '';
  try {
    shownPayload = JSON.stringify(JSON.parse(shownPayload), null, 2);
  } catch {
    // Not JSON (an empty Event response): shown as it came.
  }

  return (
    <Flex direction="column" gap="small" as="section" aria-label="Invoke">
      <Heading level={3} fontSize="medium">
        Invoke
      </Heading>
      <Flex gap="small" alignItems="flex-end" wrap="wrap">
        <SelectField label="Event template" value={String(template)} onChange={(event) => setTemplate(Number(event.target.value))} size="small">
          {EVENT_TEMPLATES.map((entry, index) => (
            <option key={entry.label} value={index}>
              {entry.label}
            </option>
          ))}
        </SelectField>
        <Button size="small" onClick={() => setText(JSON.stringify(EVENT_TEMPLATES[template].event(session), null, 2))}>
          Use template
        </Button>
        <SelectField label="Invocation type" value={type} onChange={(event) => setType(event.target.value as typeof type)} size="small">
          <option value="RequestResponse">RequestResponse (wait, with log)</option>
          <option value="Event">Event (asynchronous)</option>
        </SelectField>
      </Flex>
      <JsonEditor label="Event" value={text} onChange={setText} rows={10} />
      <Button variation="primary" onClick={() => void invoke()} isLoading={busy} isDisabled={!parsed.ok} alignSelf="flex-start">
        Invoke
      </Button>
      <ErrorNote error={error} />
      {outcome && (
        <Flex direction="column" gap="xs" data-testid="invoke-outcome">
          <Text>
            Status {outcome.status}{' '}
            {outcome.functionError ? (
              <Badge variation="error" size="small">
                {outcome.functionError}
              </Badge>
            ) : (
              <Badge variation="success" size="small">
                succeeded
              </Badge>
            )}
          </Text>
          <Text fontSize="small" color="font.secondary">
            Result
          </Text>
          <pre className="console-pre">{shownPayload || '(none: asynchronous)'}</pre>
          {outcome.log !== undefined && (
            <>
              <Text fontSize="small" color="font.secondary">
                Log (tail)
              </Text>
              <pre className="console-pre" data-testid="invoke-log">
                {outcome.log}
              </pre>
            </>
          )}
        </Flex>
      )}
    </Flex>
  );
}
