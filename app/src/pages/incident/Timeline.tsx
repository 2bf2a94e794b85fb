import { Button, Flex, Text, View } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { client, type TimelineEvent } from '../../lib/client';
import { unwrap, type FriendlyError } from '../../lib/errors';
import { useSubmission } from '../../lib/submission';
import { personName } from '../../lib/people';
import { statusLabel } from '../../theme/tones';
import { LimitedText, limitedTextProblem } from '../../components/LimitedText';
import { RelativeTime } from '../../components/RelativeTime';
import { Empty } from '../../components/states';

/** One glyph per kind of event, so the timeline reads at a glance (the label is beside it). */
const ICONS: Record<string, string> = {
  TRIGGERED: '⚡',
  ALERT: '🔔',
  NOTE: '📝',
  ACKNOWLEDGED: '✋',
  ESCALATED: '⏫',
  RESOLVED: '✅',
  ATTACHMENT: '📎',
};

export function Timeline({ events, me }: { events: TimelineEvent[]; me: readonly string[] }) {
  if (events.length === 0) return <Empty>No timeline events yet.</Empty>;
  return (
    <View as="ol" aria-label="Timeline" padding="0" margin="0" style={{ listStyle: 'none' }}>
      {events.map((event) => (
        <View as="li" key={event.id} data-testid="timeline-event" padding="small 0" borderColor="border.tertiary" borderStyle="none none solid none" borderWidth="thin">
          <Flex gap="small" alignItems="flex-start">
            <Text as="span" aria-hidden="true" fontSize="large" lineHeight="1">
              {ICONS[event.kind ?? ''] ?? '•'}
            </Text>
            <View flex="1" minWidth="0">
              <Text as="span" fontWeight="bold">
                {statusLabel(event.kind)}
              </Text>{' '}
              <Text as="span" style={{ whiteSpace: 'pre-wrap' }}>
                {event.message}
              </Text>
              <Text fontSize="small" color="font.secondary">
                {personName(event.author, me) === '—' ? 'system' : personName(event.author, me)} · <RelativeTime value={event.createdAt} />
              </Text>
            </View>
          </Flex>
        </View>
      ))}
    </View>
  );
}

export function NoteForm({ incidentId, onError }: { incidentId: string; onError(error: FriendlyError): void }) {
  const [message, setMessage] = useState('');
  const { tried, busy, submit } = useSubmission(onError);
  const problem = limitedTextProblem([{ label: 'Note', field: 'note', value: message }]);
  const send = submit(problem, async () => {
    unwrap(await client.mutations.addNote({ incidentId, message: message.trim() }));
    setMessage('');
  });
  return (
    <Flex as="form" direction="column" gap="small" onSubmit={send} noValidate>
      <LimitedText label="Add a note" field="note" value={message} onChange={setMessage} multiline rows={2} showProblem={tried} />
      <Button type="submit" isLoading={busy} loadingText="Adding…" alignSelf="flex-start">
        Add note
      </Button>
    </Flex>
  );
}
