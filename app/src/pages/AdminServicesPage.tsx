import { Button, Card, Flex, Heading, SelectField, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@aws-amplify/ui-react';
import { useEffect, useState } from 'react';
import { client, SERVICE_STATUSES, type Service, type ServiceStatus } from '../lib/client';
import { useConnection } from '../lib/connection';
import { useSubmission } from '../lib/submission';
import { friendlyError, unwrap, type FriendlyError } from '../lib/errors';
import { statusLabel } from '../theme/tones';
import { ConfirmButton } from '../components/Dialog';
import { LimitedText, limitedTextProblem } from '../components/LimitedText';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { MaintenancePanel } from './MaintenancePanel';

function AddServiceForm({ onError }: { onError(error: FriendlyError): void }) {
  const [name, setName] = useState('');
  const [group, setGroup] = useState('');
  const [description, setDescription] = useState('');
  const { tried, busy, submit } = useSubmission(onError);
  const problem = limitedTextProblem([
    { label: 'Name', field: 'serviceName', value: name },
    { label: 'Group', field: 'serviceGroup', value: group, required: false },
    { label: 'Description', field: 'serviceDescription', value: description, required: false },
  ]);
  const add = submit(problem, async () => {
    // Uniqueness is the backend's to decide (addService): a form cannot see every name.
    unwrap(await client.mutations.addService({ name, group: group || undefined, description: description || undefined, status: 'OPERATIONAL' }));
    setName('');
    setGroup('');
    setDescription('');
  });
  return (
    <Card variation="outlined">
      <Flex as="form" direction="column" gap="small" onSubmit={add} noValidate aria-labelledby="add-service-title">
        <Heading level={3} id="add-service-title">
          Add a service
        </Heading>
        <Flex gap="small" wrap="wrap">
          <Flex flex="2 1 14rem" direction="column">
            <LimitedText label="Name" field="serviceName" value={name} onChange={setName} showProblem={tried} />
          </Flex>
          <Flex flex="1 1 10rem" direction="column">
            <LimitedText label="Group" field="serviceGroup" value={group} onChange={setGroup} required={false} showProblem={tried} placeholder="e.g. Payments" />
          </Flex>
        </Flex>
        <LimitedText label="Description" field="serviceDescription" value={description} onChange={setDescription} required={false} showProblem={tried} />
        <Button type="submit" variation="primary" isLoading={busy} alignSelf="flex-start">
          Add service
        </Button>
      </Flex>
    </Card>
  );
}

/** Services admin (ADMINS only): add, change status, delete (after confirmation); maintenance windows. */
export default function AdminServicesPage() {
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<FriendlyError | null>(null);
  const { epoch, reportFailure, reportUpdate } = useConnection();

  // Runs again when the backend is reachable after an outage (epoch). addService / editService
  // are custom mutations: observeQuery does not hear them, onServiceChanged does.
  useEffect(() => {
    const fail = (e: unknown) => {
      setError(friendlyError(e));
      reportFailure();
    };
    const observed = client.models.Service.observeQuery().subscribe({
      next: ({ items }) => {
        setServices([...items] as Service[]);
        reportUpdate();
      },
      error: fail,
    });
    const changed = client.subscriptions.onServiceChanged().subscribe({
      next: (service) => {
        if (!service) return;
        reportUpdate();
        setServices((current) => [...(current ?? []).filter((s) => s.id !== service.id), service as Service]);
      },
      error: fail,
    });
    return () => {
      observed.unsubscribe();
      changed.unsubscribe();
    };
  }, [epoch, reportFailure, reportUpdate]);

  const attempt = async (action: () => Promise<{ data: unknown; errors?: readonly { message: string; errorType?: string | null }[] | null }>) => {
    try {
      unwrap(await action());
    } catch (e) {
      setError(friendlyError(e));
    }
  };
  const sorted = [...(services ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <Flex as="section" direction="column" gap="medium" aria-labelledby="admin-title">
      <Heading level={2} id="admin-title">
        Services
      </Heading>
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      <AddServiceForm onError={setError} />
      {services === null ? (
        <Loading what="services" />
      ) : services.length === 0 ? (
        <Empty>No services yet.</Empty>
      ) : (
        <Table size="small" aria-label="Services">
          <TableHead>
            <TableRow>
              <TableCell as="th" scope="col">Service</TableCell>
              <TableCell as="th" scope="col">Status</TableCell>
              <TableCell as="th" scope="col">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sorted.map((service) => (
              <TableRow key={service.id}>
                <TableCell>
                  <Text fontWeight="bold">{service.name}</Text>
                  {service.group && (
                    <Text fontSize="small" color="font.secondary">
                      {service.group}
                    </Text>
                  )}
                </TableCell>
                <TableCell>
                  <SelectField
                    label={`Status of ${service.name}`}
                    labelHidden
                    size="small"
                    value={service.status ?? 'OPERATIONAL'}
                    onChange={(e) => void attempt(() => client.mutations.editService({ id: service.id, status: e.target.value as ServiceStatus }))}
                  >
                    {SERVICE_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {statusLabel(s)}
                      </option>
                    ))}
                  </SelectField>
                </TableCell>
                <TableCell>
                  <ConfirmButton label="Delete" ariaLabel={`Delete ${service.name}`} title={`Delete ${service.name}?`} onConfirm={() => attempt(() => client.models.Service.delete({ id: service.id }))}>
                    <Text>The service disappears from the status page and from the board&apos;s filters. Its incidents stay. This cannot be undone.</Text>
                  </ConfirmButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <MaintenancePanel services={sorted} onError={setError} />
    </Flex>
  );
}
