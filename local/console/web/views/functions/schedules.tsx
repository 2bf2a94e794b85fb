import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { Button, Card, Heading, Table, TableBody, TableCell, TableRow, Text } from '@aws-amplify/ui-react';
import { useMemo, useState } from 'react';
import { ColumnHeads } from '../../components/column-heads';
import { ErrorNote } from '../../components/error-note';
import { awsConfig } from '../../lib/aws';
import { useInterval, useLoad } from '../../lib/hooks';
import { localApi } from '../../lib/session';
import { useSession } from '../../lib/session-context';
// The wire shape of the local endpoint, from the service that answers it (a type only: nothing server-side is bundled).
import type { ScheduleView } from '../../../../scheduler/service';


function untilText(iso: string | undefined, now: number): string {
  if (!iso) return 'no further runs';
  const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  const when = new Date(iso).toLocaleTimeString();
  return seconds < 120 ? `${when} (in ${seconds} s)` : `${when} (in ${Math.round(seconds / 60)} min)`;
}

/**
 * Schedules and scheduled rules that run, with their next fire time, and "Fire now". The
 * list is ListSchedules (EventBridge Scheduler's API); next fire times and firing out of
 * turn come from the console's local endpoint (no AWS API offers them).
 */
export function Schedules({ labelOf }: { labelOf(arn: string): string }) {
  const session = useSession();
  const scheduler = useMemo(() => new SchedulerClient(awsConfig(session)), [session]);
  const listed = useLoad(async () => (await scheduler.send(new ListSchedulesCommand({}))).Schedules ?? [], [scheduler]);
  const [running, setRunning] = useState<ScheduleView[]>();
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<unknown>();
  const [fired, setFired] = useState<string>();
  useInterval(() => {
    setNow(Date.now());
    localApi<{ schedules: ScheduleView[] }>('/schedules').then((body) => setRunning(body.schedules), setError);
  }, 5000);

  async function fire(schedule: ScheduleView) {
    setError(undefined);
    try {
      await localApi('/schedules/fire', { arn: schedule.arn });
      setFired(`${schedule.name} fired at ${new Date().toLocaleTimeString()}: its targets were invoked asynchronously (see their recent invocations)`);
    } catch (caught) {
      setError(caught);
    }
  }

  const notRunning = (listed.value ?? []).filter((schedule) => !running?.some((candidate) => candidate.arn === schedule.Arn));
  return (
    <Card variation="outlined">
      <Heading level={2} fontSize="large" marginBottom="small">
        Schedules
      </Heading>
      <ErrorNote error={listed.error ?? error} />
      <Table size="small" variation="striped" aria-label="Schedules">
        <ColumnHeads labels={['Schedule', 'Expression', 'Target', 'Next run', <span className="amplify-visually-hidden" key="actions">Actions</span>]} />
        <TableBody>
          {running?.map((schedule) => (
            <TableRow key={schedule.arn}>
              <TableCell style={{ wordBreak: 'break-all' }}>
                {schedule.name}
                {schedule.kind === 'rule' ? ' (EventBridge rule)' : ''}
              </TableCell>
              <TableCell>
                {schedule.expression}
                {schedule.timezone !== 'UTC' ? ` ${schedule.timezone}` : ''}
              </TableCell>
              <TableCell>{schedule.targets.map(labelOf).join(', ')}</TableCell>
              <TableCell>{schedule.state === 'DISABLED' ? 'disabled' : untilText(schedule.nextFireTime, now)}</TableCell>
              <TableCell>
                <Button size="small" onClick={() => void fire(schedule)} aria-label={`Fire now: ${schedule.name}`}>
                  Fire now
                </Button>
              </TableCell>
            </TableRow>
          ))}
          {notRunning.map((schedule) => (
            <TableRow key={schedule.Arn}>
              <TableCell>{schedule.Name}</TableCell>
              <TableCell colSpan={4}>Not run locally (its target is not a Lambda function): see the Overview</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {fired && (
        <Text fontSize="small" marginTop="small" role="status">
          {fired}
        </Text>
      )}
    </Card>
  );
}
