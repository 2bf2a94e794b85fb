import {
  Alert,
  Button,
  Card,
  CheckboxField,
  Flex,
  Heading,
  SelectField,
  SwitchField,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  TextField,
} from '@aws-amplify/ui-react';
import { useEffect, useState } from 'react';
import { client, SEVERITIES, type Schema, type Severity } from '../lib/client';
import { useConnection } from '../lib/connection';
import { friendlyError, unwrap, type FriendlyError } from '../lib/errors';
import { webhookUrl } from '../lib/api-urls';
import { useServices } from '../lib/services';
import { useSubmission } from '../lib/submission';
import { formatTime } from '../lib/time';
import { ConfirmButton } from '../components/Dialog';
import { LimitedText, limitedTextProblem } from '../components/LimitedText';
import { Empty, ErrorAlert, Loading } from '../components/states';

type Integration = Schema['Integration']['type'];
type IntegrationKind = NonNullable<Integration['kind']>;
type IntegrationToken = Schema['IntegrationToken']['type'];

const KINDS: { kind: IntegrationKind; label: string }[] = [
  { kind: 'ALERTMANAGER', label: 'Prometheus Alertmanager' },
  { kind: 'GRAFANA', label: 'Grafana alerting' },
  { kind: 'CLOUDWATCH_SNS', label: 'CloudWatch alarm (SNS)' },
  { kind: 'GENERIC', label: 'Generic JSON' },
];
const kindLabel = (kind: string | null | undefined) => KINDS.find((k) => k.kind === kind)?.label ?? kind ?? '';

function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
  };
  return (
    <Flex gap="small" alignItems="flex-end">
      <TextField label={label} value={value} isReadOnly flex="1" fontFamily="monospace" />
      <Button onClick={() => void copy().catch(() => setCopied(false))} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </Flex>
  );
}

/** The webhook URL and token, shown once: the API never returns the token again. */
function TokenPanel({ token, name, onDone }: { token: IntegrationToken; name: string; onDone(): void }) {
  return (
    <Alert variation="success" heading={`Token for ${name}`} role="status" data-testid="integration-token">
      <Flex direction="column" gap="small">
        <Text>Copy the token now: Flare does not show it again. Tools send it as <code>Authorization: Bearer &lt;token&gt;</code>.</Text>
        <CopyField label="Webhook URL" value={webhookUrl(token.integrationId)} />
        <CopyField label="Token" value={token.token} />
        {token.previousTokenValidUntil && <Text fontSize="small">The previous token keeps working until {formatTime(token.previousTokenValidUntil)}.</Text>}
        <Button onClick={onDone} alignSelf="flex-start">
          Done
        </Button>
      </Flex>
    </Alert>
  );
}

function AddIntegrationForm({ services, onAdded, onError }: { services: { id: string; name: string }[]; onAdded(token: IntegrationToken, name: string): void; onError(error: FriendlyError): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<IntegrationKind>('ALERTMANAGER');
  const [serviceId, setServiceId] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const [autoResolve, setAutoResolve] = useState(false);
  const { tried, busy, submit } = useSubmission(onError);
  const problem = limitedTextProblem([{ label: 'Name', field: 'serviceName', value: name }]) ?? (serviceId ? null : 'Choose the service it reports on');
  const add = submit(problem, async () => {
    const token = unwrap(await client.mutations.addIntegration({ name, kind, serviceId, defaultSeverity: severity, autoResolve }));
    if (!token) throw new Error('addIntegration returned no token');
    onAdded(token, name);
    setName('');
  });
  return (
    <Card variation="outlined">
      <Flex as="form" direction="column" gap="small" onSubmit={add} noValidate aria-labelledby="add-integration-title">
        <Heading level={3} id="add-integration-title">
          Add an integration
        </Heading>
        <Flex gap="small" wrap="wrap">
          <Flex flex="2 1 14rem" direction="column">
            <LimitedText label="Name" field="serviceName" value={name} onChange={setName} showProblem={tried} placeholder="e.g. Production Alertmanager" />
          </Flex>
          <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as IntegrationKind)} flex="1 1 12rem">
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </SelectField>
        </Flex>
        <Flex gap="small" wrap="wrap" alignItems="flex-end">
          <SelectField
            label="Service"
            placeholder="Choose a service"
            value={serviceId}
            onChange={(e) => setServiceId(e.target.value)}
            flex="2 1 14rem"
            hasError={tried && !serviceId}
            errorMessage="Choose the service it reports on"
          >
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Default severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} flex="1 1 8rem">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
        </Flex>
        <CheckboxField label="Resolve the incident when its alert resolves at the source" name="autoResolve" checked={autoResolve} onChange={(e) => setAutoResolve(e.target.checked)} />
        <Button type="submit" variation="primary" isLoading={busy} alignSelf="flex-start">
          Add integration
        </Button>
      </Flex>
    </Card>
  );
}

/** Integrations (ADMINS): monitoring tools that post alerts, their tokens (shown once), rotation, on/off. */
export default function IntegrationsPage() {
  const [integrations, setIntegrations] = useState<Integration[] | null>(null);
  const [shown, setShown] = useState<{ token: IntegrationToken; name: string } | null>(null);
  const [error, setError] = useState<FriendlyError | null>(null);
  const { services, error: servicesError } = useServices();
  const { epoch, reportFailure, reportUpdate } = useConnection();

  // addIntegration is a custom mutation (observeQuery does not hear it): the list is read again after it.
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const observed = client.models.Integration.observeQuery().subscribe({
      next: ({ items }) => {
        setIntegrations([...items] as Integration[]);
        reportUpdate();
      },
      error: (e: unknown) => {
        setError(friendlyError(e));
        reportFailure();
      },
    });
    return () => observed.unsubscribe();
  }, [epoch, reload, reportFailure, reportUpdate]);

  const attempt = async (action: () => Promise<{ data: unknown; errors?: readonly { message: string; errorType?: string | null }[] | null }>) => {
    try {
      return unwrap(await action());
    } catch (e) {
      setError(friendlyError(e));
      return undefined;
    }
  };
  const rotate = async (integration: Integration) => {
    const token = (await attempt(() => client.mutations.rotateIntegrationToken({ id: integration.id }))) as IntegrationToken | undefined;
    if (token) setShown({ token, name: integration.name });
  };
  const serviceName = (id: string) => services?.find((s) => s.id === id)?.name ?? 'Unknown service';
  const sorted = [...(integrations ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <Flex as="section" direction="column" gap="medium" aria-labelledby="integrations-title">
      <Heading level={2} id="integrations-title">
        Integrations
      </Heading>
      <Text color="font.secondary">Monitoring tools post alerts to Flare with a token of their own. Alerts with the same fingerprint join one open incident.</Text>
      <ErrorAlert error={error ?? servicesError} onDismiss={() => setError(null)} />
      {shown && <TokenPanel token={shown.token} name={shown.name} onDone={() => setShown(null)} />}
      <AddIntegrationForm
        services={services ?? []}
        onError={setError}
        onAdded={(token, name) => {
          setShown({ token, name });
          setReload((n) => n + 1);
        }}
      />
      {integrations === null ? (
        <Loading what="integrations" />
      ) : integrations.length === 0 ? (
        <Empty>No integrations yet.</Empty>
      ) : (
        <Table size="small" aria-label="Integrations">
          <TableHead>
            <TableRow>
              <TableCell as="th" scope="col">Integration</TableCell>
              <TableCell as="th" scope="col">Service</TableCell>
              <TableCell as="th" scope="col">Enabled</TableCell>
              <TableCell as="th" scope="col">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sorted.map((integration) => (
              <TableRow key={integration.id} data-testid="integration-row">
                <TableCell>
                  <Text fontWeight="bold">{integration.name}</Text>
                  <Text fontSize="small" color="font.secondary">
                    {kindLabel(integration.kind)} · default {integration.defaultSeverity}
                    {integration.autoResolve ? ' · auto-resolves' : ''}
                  </Text>
                </TableCell>
                <TableCell>{serviceName(integration.serviceId)}</TableCell>
                <TableCell>
                  <SwitchField
                    label={`${integration.name} enabled`}
                    labelHidden
                    isChecked={integration.enabled}
                    onChange={(e) => void attempt(() => client.models.Integration.update({ id: integration.id, enabled: e.target.checked }))}
                  />
                </TableCell>
                <TableCell>
                  <ConfirmButton label="Rotate token" ariaLabel={`Rotate the token of ${integration.name}`} title={`Rotate the token of ${integration.name}?`} onConfirm={() => rotate(integration)}>
                    <Text>A new token is shown once. The current one keeps working for 15 minutes, time to update the tool.</Text>
                  </ConfirmButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
