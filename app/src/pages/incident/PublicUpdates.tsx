import { Button, Flex, SelectField, Text, View } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { client, STATUS_UPDATE_STATUSES, type StatusUpdate, type StatusUpdateStatus } from '../../lib/client';
import { unwrap, type FriendlyError } from '../../lib/errors';
import { useSubmission } from '../../lib/submission';
import { statusLabel } from '../../theme/tones';
import { StatusBadge } from '../../components/badges';
import { LimitedText, limitedTextProblem } from '../../components/LimitedText';
import { RelativeTime } from '../../components/RelativeTime';
import { Empty } from '../../components/states';

/** What the public has been told about this incident, newest first, and the composer for the next update. */
export function PublicUpdates({ incidentId, updates, onError }: { incidentId: string; updates: StatusUpdate[]; onError(error: FriendlyError): void }) {
  const [status, setStatus] = useState<StatusUpdateStatus>(updates[0]?.status ?? 'INVESTIGATING');
  const [message, setMessage] = useState('');
  const { tried, busy, submit } = useSubmission(onError);
  const problem = limitedTextProblem([{ label: 'Public update', field: 'statusUpdate', value: message }]);
  const post = submit(problem, async () => {
    unwrap(await client.mutations.postStatusUpdate({ incidentId, status, message: message.trim() }));
    setMessage('');
  });
  return (
    <Flex direction="column" gap="small">
      {updates.length === 0 ? (
        <Empty>Nothing has been posted to the status page yet.</Empty>
      ) : (
        <View as="ol" padding="0" margin="0" style={{ listStyle: 'none' }} aria-label="Public updates">
          {updates.map((update) => (
            <View as="li" key={update.id} padding="xs 0" data-testid="public-update">
              <StatusBadge status={update.status} /> <Text as="span" style={{ whiteSpace: 'pre-wrap' }}>{update.message}</Text>{' '}
              <Text as="span" fontSize="small" color="font.secondary">
                <RelativeTime value={update.postedAt} />
              </Text>
            </View>
          ))}
        </View>
      )}
      <Flex as="form" direction="column" gap="small" onSubmit={post} noValidate aria-label="Post a public update">
        <SelectField label="Public status" value={status} onChange={(e) => setStatus(e.target.value as StatusUpdateStatus)}>
          {STATUS_UPDATE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </SelectField>
        <LimitedText label="Public update" field="statusUpdate" value={message} onChange={setMessage} multiline showProblem={tried} placeholder="What customers should know: impact, what you are doing, when you will update next" />
        <Button type="submit" isLoading={busy} loadingText="Posting…" alignSelf="flex-start">
          Post to status page
        </Button>
      </Flex>
    </Flex>
  );
}
