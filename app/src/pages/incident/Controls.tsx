import { Button, Flex, SelectField } from '@aws-amplify/ui-react';
import { useState, type FormEvent } from 'react';
import { client, SEVERITIES, type Incident, type Severity } from '../../lib/client';
import { friendlyError, unwrap, type FriendlyError } from '../../lib/errors';
import { Dialog } from '../../components/Dialog';
import { LimitedText, limitedTextProblem } from '../../components/LimitedText';

/** Severity and status: change the severity, acknowledge, resolve (asks for the resolution first). */
export function Controls({ incident, onError }: { incident: Incident; onError(error: FriendlyError): void }) {
  const [busy, setBusy] = useState(false);
  const [resolving, setResolving] = useState(false);
  const [resolution, setResolution] = useState('');
  const [tried, setTried] = useState(false);
  const run = async (action: () => Promise<{ data: unknown; errors?: readonly { message: string; errorType?: string | null }[] | null }>) => {
    setBusy(true);
    try {
      unwrap(await action());
      return true;
    } catch (e) {
      onError(friendlyError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const problem = limitedTextProblem([{ label: 'Resolution', field: 'resolution', value: resolution }]);
  const resolve = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem) return;
    if (await run(() => client.mutations.resolveIncident({ incidentId: incident.id, resolution: resolution.trim() }))) {
      setResolution('');
      setResolving(false);
    }
  };
  const open = incident.status !== 'RESOLVED';
  return (
    <Flex gap="small" alignItems="flex-end" wrap="wrap">
      <SelectField
        label="Severity"
        size="small"
        value={incident.severity}
        isDisabled={busy}
        onChange={(e) => void run(() => client.models.Incident.update({ id: incident.id, severity: e.target.value as Severity }))}
      >
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      {incident.status === 'TRIGGERED' && (
        <Button variation="primary" size="small" isLoading={busy} onClick={() => void run(() => client.mutations.acknowledgeIncident({ incidentId: incident.id }))}>
          Acknowledge
        </Button>
      )}
      {open && (
        <Button size="small" onClick={() => setResolving(true)}>
          Resolve…
        </Button>
      )}
      <Dialog open={resolving} title="Resolve this incident?" onClose={() => setResolving(false)}>
        <Flex as="form" direction="column" gap="medium" onSubmit={resolve} noValidate>
          <LimitedText label="Resolution" field="resolution" value={resolution} onChange={setResolution} multiline showProblem={tried} placeholder="What fixed it, and what follows" />
          <Flex justifyContent="flex-end" gap="small">
            <Button type="button" onClick={() => setResolving(false)}>
              Cancel
            </Button>
            <Button type="submit" variation="primary" isLoading={busy}>
              Resolve
            </Button>
          </Flex>
        </Flex>
      </Dialog>
    </Flex>
  );
}
