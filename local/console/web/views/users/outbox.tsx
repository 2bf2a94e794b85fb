import { Table, TableBody, TableCell, TableRow, Text } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { useInterval } from '../../lib/hooks';
// The outbox's wire shape, from the user pools service (a type only: nothing server-side is bundled).
import type { OutboxMessage } from '../../../../cognito/user-store';
import { ColumnHeads } from '../../components/column-heads';


/** How often the outbox is read: new codes appear within this. */
const POLL_MS = 1500;

/**
 * What the pool would have emailed or texted (codes, invitations), newest first, kept live.
 * Read from the user pools' outbox endpoint (`/_flare/cognito/outbox`): no AWS API lists sent messages.
 */
export function Outbox({ userPoolId }: { userPoolId: string }) {
  const [messages, setMessages] = useState<OutboxMessage[]>();
  const [error, setError] = useState<unknown>();
  useInterval(
    () => {
      fetch(`/_flare/cognito/outbox?userPoolId=${encodeURIComponent(userPoolId)}`)
        .then(async (response) => {
          if (!response.ok) throw new Error(`The outbox answered ${response.status}`);
          const body = (await response.json()) as { messages: OutboxMessage[] };
          setMessages(body.messages.slice().reverse());
          setError(undefined);
        })
        .catch(setError);
    },
    POLL_MS,
    [userPoolId],
  );
  return (
    <>
      <ErrorNote error={error} />
      {messages?.length === 0 && <Text marginTop="medium">Nothing sent yet: sign-up codes, password resets and invitations appear here as they are sent.</Text>}
      {messages && messages.length > 0 && (
        <Table size="small" variation="striped" aria-label="Outbox" marginTop="medium">
          <ColumnHeads labels={['Sent', 'To', 'Why', 'Code', 'Message']} />
          <TableBody>
            {messages.map((message) => (
              <TableRow key={message.id}>
                <TableCell>{new Date(message.at).toLocaleTimeString()}</TableCell>
                <TableCell>
                  {message.to} ({message.medium.toLowerCase()})
                </TableCell>
                <TableCell>{message.kind}</TableCell>
                <TableCell>
                  <code>{message.code}</code>
                </TableCell>
                <TableCell>{message.subject ? `${message.subject}: ${message.message}` : message.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
