import { CognitoIdentityClient, DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand, ListIdentitiesCommand, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { Flex, Heading, Table, TableBody, TableCell, TableRow } from '@aws-amplify/ui-react';
import { useMemo } from 'react';
import { ErrorNote } from '../../components/error-note';
import { KeyValues } from '../../components/key-values';
import { awsConfig } from '../../lib/aws';
import { useLoad } from '../../lib/hooks';
import { useSession } from '../../lib/session-context';
import { ColumnHeads } from '../../components/column-heads';

/** Identity pools: guests or not, the user pools they trust, their roles, and the identities made so far. */
export function IdentityPools() {
  const session = useSession();
  const client = useMemo(() => new CognitoIdentityClient(awsConfig(session)), [session]);
  const pools = useLoad(async () => {
    const { IdentityPools = [] } = await client.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    return Promise.all(
      IdentityPools.map(async ({ IdentityPoolId }) => ({
        description: await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId })),
        roles: await client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId })),
        identities: (await client.send(new ListIdentitiesCommand({ IdentityPoolId, MaxResults: 60 }))).Identities ?? [],
      })),
    );
  }, [client]);
  return (
    <Flex direction="column" gap="large" marginTop="medium">
      <ErrorNote error={pools.error} />
      {pools.value?.map(({ description, roles, identities }) => (
        <section key={description.IdentityPoolId} aria-label={`Identity pool ${description.IdentityPoolName}`}>
          <Heading level={3} fontSize="medium" marginBottom="small">
            {description.IdentityPoolName} ({description.IdentityPoolId})
          </Heading>
          <KeyValues
            label="Identity pool settings"
            entries={[
              ['Guests', description.AllowUnauthenticatedIdentities ? 'allowed' : 'not allowed'],
              ['User pools', (description.CognitoIdentityProviders ?? []).map((provider) => `${provider.ProviderName} (client ${provider.ClientId})`).join(', ') || '—'],
              ['Authenticated role', roles.Roles?.authenticated ?? '—'],
              ['Unauthenticated role', roles.Roles?.unauthenticated ?? '—'],
              ['Role mappings', Object.entries(roles.RoleMappings ?? {}).map(([provider, mapping]) => `${provider}: ${mapping.Type}`).join('; ') || '—'],
            ]}
          />
          <Table size="small" aria-label="Identities" marginTop="small">
            <ColumnHeads labels={['Identity', 'Logins', 'Created']} />
            <TableBody>
              {identities.map((identity) => (
                <TableRow key={identity.IdentityId}>
                  <TableCell>{identity.IdentityId}</TableCell>
                  <TableCell>{identity.Logins?.join(', ') || 'guest'}</TableCell>
                  <TableCell>{identity.CreationDate?.toLocaleString()}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ))}
    </Flex>
  );
}
