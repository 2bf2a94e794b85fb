import { Button, Card, CheckboxField, Flex, Heading, Text, TextField, View } from '@aws-amplify/ui-react';
import { useEffect, useState } from 'react';
import { client, type MaintenanceWindow, type Service } from '../lib/client';
import { friendlyError, unwrap, type FriendlyError } from '../lib/errors';
import { formatTime } from '../lib/time';
import { useSubmission } from '../lib/submission';
import { ConfirmButton } from '../components/Dialog';
import { LimitedText, limitedTextProblem } from '../components/LimitedText';
import { Empty } from '../components/states';

/** A datetime-local input's value as an ISO instant (the browser's zone), or null. */
function toIso(local: string): string | null {
  const time = Date.parse(local);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Maintenance windows: schedule one (shown on the status page ahead of time), cancel one. */
export function MaintenancePanel({ services, onError }: { services: Service[]; onError(error: FriendlyError): void }) {
  const [windows, setWindows] = useState<MaintenanceWindow[]>([]);
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const { tried, busy, submit } = useSubmission(onError);

  const reload = () =>
    client.models.MaintenanceWindow.list({ limit: 100 })
      .then((result) => setWindows((unwrap(result) as MaintenanceWindow[]).filter((w) => Date.parse(w.endsAt) > Date.now())))
      .catch((e) => onError(friendlyError(e)));
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const problem =
    limitedTextProblem([{ label: 'Title', field: 'maintenanceTitle', value: title }]) ??
    (!toIso(startsAt) || !toIso(endsAt) ? 'Choose when it starts and ends' : Date.parse(endsAt) <= Date.parse(startsAt) ? 'It must end after it starts' : chosen.length === 0 ? 'Choose at least one affected service' : null);
  const schedule = submit(problem, async () => {
    unwrap(await client.mutations.scheduleMaintenance({ title, startsAt: toIso(startsAt)!, endsAt: toIso(endsAt)!, serviceIds: chosen }));
    setTitle('');
    setChosen([]);
    await reload();
  });
  const names = new Map(services.map((s) => [s.id, s.name]));
  return (
    <Card variation="outlined" as="section" aria-labelledby="maintenance-title">
      <Heading level={3} id="maintenance-title" marginBottom="small">
        Maintenance windows
      </Heading>
      {windows.length === 0 ? (
        <Empty>No maintenance is planned.</Empty>
      ) : (
        <View as="ul" padding="0" style={{ listStyle: 'none' }}>
          {windows.map((w) => (
            <Flex as="li" key={w.id} justifyContent="space-between" alignItems="center" gap="small" wrap="wrap" padding="xs 0">
              <Text>
                <strong>{w.title}</strong> · {formatTime(w.startsAt)} – {formatTime(w.endsAt)} · {w.serviceIds.map((id) => names.get(id) ?? 'a removed service').join(', ')}
              </Text>
              <ConfirmButton label="Cancel window" title={`Cancel "${w.title}"?`} onConfirm={async () => {
                try {
                  unwrap(await client.models.MaintenanceWindow.delete({ id: w.id }));
                  await reload();
                } catch (e) {
                  onError(friendlyError(e));
                }
              }}>
                <Text>It disappears from the status page.</Text>
              </ConfirmButton>
            </Flex>
          ))}
        </View>
      )}
      <Flex as="form" direction="column" gap="small" onSubmit={schedule} noValidate marginTop="medium" aria-label="Schedule maintenance">
        <LimitedText label="Title" field="maintenanceTitle" value={title} onChange={setTitle} showProblem={tried} />
        <Flex gap="small" wrap="wrap">
          <TextField label="Starts" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} flex="1 1 12rem" />
          <TextField label="Ends" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} flex="1 1 12rem" />
        </Flex>
        <Flex as="fieldset" direction="column" gap="xs" style={{ border: 'none', padding: 0, margin: 0 }}>
          <Text as="legend" fontWeight="bold">Affected services</Text>
          {services.map((s) => (
            <CheckboxField key={s.id} label={s.name} name="affected" value={s.id} checked={chosen.includes(s.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s.id] : c.filter((id) => id !== s.id)))} />
          ))}
        </Flex>
        {tried && problem && (
          <Text color="font.error" role="alert">
            {problem}
          </Text>
        )}
        <Button type="submit" isLoading={busy} alignSelf="flex-start">
          Schedule maintenance
        </Button>
      </Flex>
    </Card>
  );
}
