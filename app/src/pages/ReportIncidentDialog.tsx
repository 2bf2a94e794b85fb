import { Button, Flex, SelectField } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { client, SEVERITIES, type Service, type Severity } from '../lib/client';
import { unwrap, type FriendlyError } from '../lib/errors';
import { useSubmission } from '../lib/submission';
import { Dialog } from '../components/Dialog';
import { LimitedText, limitedTextProblem } from '../components/LimitedText';
import { ErrorAlert } from '../components/states';

/** "Report an incident": a manual alert with a fingerprint of its own (never deduplicated). */
export function ReportIncidentDialog({ services, open, onClose }: { services: Service[]; open: boolean; onClose(): void }) {
  const [title, setTitle] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<FriendlyError | null>(null);
  const { tried, busy, submit } = useSubmission(setError);
  const chosen = serviceId || services[0]?.id || '';
  const problem = limitedTextProblem([
    { label: 'Title', field: 'incidentTitle', value: title },
    { label: 'Description', field: 'incidentDescription', value: description, required: false },
  ]);

  const report = submit(problem ?? (chosen ? null : 'Choose a service'), async () => {
    setError(null);
    unwrap(
      await client.mutations.reportAlert({
        fingerprint: `manual:${crypto.randomUUID()}`,
        serviceId: chosen,
        title: title.trim(),
        severity,
        description: description.trim() || undefined,
        source: 'manual report',
      }),
    );
    setTitle('');
    setDescription('');
    onClose();
  });

  return (
    <Dialog open={open} title="Report an incident" onClose={onClose}>
      <Flex as="form" direction="column" gap="medium" onSubmit={report} noValidate>
        <ErrorAlert error={error} onDismiss={() => setError(null)} />
        <LimitedText label="Title" field="incidentTitle" value={title} onChange={setTitle} showProblem={tried} />
        <Flex gap="medium" wrap="wrap">
          <SelectField label="Service" value={chosen} onChange={(e) => setServiceId(e.target.value)} flex="1 1 12rem">
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} flex="1 1 8rem">
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </SelectField>
        </Flex>
        <LimitedText label="Description" field="incidentDescription" value={description} onChange={setDescription} required={false} multiline showProblem={tried} />
        <Flex justifyContent="flex-end" gap="small">
          <Button type="button" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variation="primary" isLoading={busy} loadingText="Reporting…" isDisabled={tried && Boolean(problem)}>
            Report incident
          </Button>
        </Flex>
      </Flex>
    </Dialog>
  );
}
