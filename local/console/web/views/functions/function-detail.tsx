import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { Badge, Button, Flex, Heading, Table, TableBody, TableCell, TableRow, Text } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { KeyValues } from '../../components/key-values';
import { useLoad } from '../../lib/hooks';
import { useSession } from '../../lib/session-context';
import { InvokeFunction } from './invoke-function';
import { RecentInvocations } from './recent-invocations';
import { triggersOf } from './triggers';
import { ColumnHeads } from '../../components/column-heads';

/** Names whose values are hidden until asked: they usually hold credentials. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i;
/** Where Amplify keeps `secret()` values; other SSM paths are resource references. */
const RESOURCE_REFERENCE = '/amplify/resource_reference/';

/**
 * The environment as the function sees it: values resolved from SSM at cold start (Amplify's
 * `AMPLIFY_SSM_ENV_CONFIG`) are shown by their parameter path — secrets are never fetched —
 * and values of secret-looking names are masked until revealed.
 */
function environmentRows(variables: Record<string, string>): { name: string; value: string; masked: boolean; source: string }[] {
  let fromSsm: Record<string, { path?: string; sharedPath?: string }> = {};
  try {
    fromSsm = JSON.parse(variables.AMPLIFY_SSM_ENV_CONFIG ?? '{}') as typeof fromSsm;
  } catch {
    fromSsm = {};
  }
  const rows = Object.entries(variables)
    .filter(([name]) => name !== 'AMPLIFY_SSM_ENV_CONFIG')
    .map(([name, value]) => {
      const ssm = fromSsm[name];
      if (ssm) {
        const path = ssm.path ?? ssm.sharedPath ?? '';
        const secret = !path.startsWith(RESOURCE_REFERENCE);
        return { name, value: secret ? '••••••••' : path, masked: false, source: secret ? `secret (SSM ${path})` : 'SSM parameter, resolved at cold start' };
      }
      return { name, value, masked: SECRET_NAME.test(name), source: 'environment' };
    });
  for (const [name, ssm] of Object.entries(fromSsm)) {
    if (!(name in variables)) rows.push({ name, value: '••••••••', masked: false, source: `secret (SSM ${ssm.path ?? ssm.sharedPath ?? ''})` });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** One function: configuration, environment, role, triggers, invoke, recent invocations. */
export function FunctionDetail({ client, functionName }: { client: LambdaClient; functionName: string }) {
  const session = useSession();
  const fn = useLoad(() => client.send(new GetFunctionCommand({ FunctionName: functionName })), [client, functionName]);
  const arn = fn.value?.Configuration?.FunctionArn;
  const triggers = useLoad(async () => (arn ? triggersOf(session, arn) : []), [session, arn]);
  const [revealed, setRevealed] = useState(false);
  const config = fn.value?.Configuration;

  return (
    <Flex direction="column" gap="large" as="section" aria-label={`Function ${functionName}`}>
      <ErrorNote error={fn.error} />
      {config && (
        <>
          <div>
            <Heading level={2} fontSize="large" marginBottom="small" style={{ wordBreak: 'break-all' }}>
              {fn.value?.Tags?.['amplify:friendly-name'] ?? config.FunctionName}
            </Heading>
            <KeyValues
              label="Function configuration"
              entries={[
                ['Name', config.FunctionName],
                ['Runtime', `${config.Runtime ?? '—'} (runs on this machine's Node)`],
                ['Handler', config.Handler],
                ['Memory', `${config.MemorySize} MB`],
                ['Timeout', `${config.Timeout} s`],
                ['Role', config.Role ?? '—'],
                ['State', config.State === 'Active' ? 'Active' : `${config.State}: ${config.StateReason ?? ''}`],
              ]}
            />
          </div>
          <div>
            <Heading level={3} fontSize="medium" marginBottom="small">
              Triggers
            </Heading>
            <ErrorNote error={triggers.error} />
            {triggers.value?.length === 0 && <Text>Nothing invokes it but direct calls.</Text>}
            <Flex as="ul" direction="column" gap="xxs" padding="0" style={{ listStyle: 'none' }}>
              {triggers.value?.map((trigger) => (
                <li key={`${trigger.kind}-${trigger.description}`}>
                  <Badge size="small">{trigger.kind}</Badge> <Text as="span">{trigger.description}</Text>
                </li>
              ))}
            </Flex>
          </div>
          <div>
            <Flex justifyContent="space-between" alignItems="baseline">
              <Heading level={3} fontSize="medium" marginBottom="small">
                Environment
              </Heading>
              <Button size="small" onClick={() => setRevealed(!revealed)}>
                {revealed ? 'Mask secret-looking values' : 'Reveal secret-looking values'}
              </Button>
            </Flex>
            <Table size="small" variation="striped" aria-label="Environment variables">
              <ColumnHeads labels={['Variable', 'Value', 'From']} />
              <TableBody>
                {environmentRows(config.Environment?.Variables ?? {}).map((row) => (
                  <TableRow key={row.name}>
                    <TableCell>{row.name}</TableCell>
                    <TableCell style={{ wordBreak: 'break-all' }}>{row.masked && !revealed ? '••••••••' : row.value}</TableCell>
                    <TableCell>{row.source}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <InvokeFunction client={client} functionName={config.FunctionName!} />
          <RecentInvocations functionName={config.FunctionName!} />
        </>
      )}
    </Flex>
  );
}
