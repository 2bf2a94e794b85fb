import { CognitoIdentityProviderClient, paginateListUserPools } from '@aws-sdk/client-cognito-identity-provider';
import { Flex, Link, Loader, Tabs, Text } from '@aws-amplify/ui-react';
import { useMemo } from 'react';
import { ErrorNote } from '../components/error-note';
import { awsConfig } from '../lib/aws';
import { useLoad } from '../lib/hooks';
import { href, navigate } from '../lib/route';
import { useSession } from '../lib/session-context';
import { servicesPresent } from '../lib/session';
import type { PageInfo, PageProps } from '../pages';
import { GroupList } from '../views/users/group-list';
import { IdentityPools } from '../views/users/identity-pools';
import { Outbox } from '../views/users/outbox';
import { UserList } from '../views/users/user-list';

export const page = { title: 'Users', services: ['cognito'], order: 30 } satisfies PageInfo;

/** User pools (users, groups, the outbox of codes) and identity pools. Route: `#/users/<poolId>/<tab>/<username>`. */
export default function UsersPage({ route }: PageProps) {
  const session = useSession();
  const client = useMemo(() => new CognitoIdentityProviderClient(awsConfig(session)), [session]);
  const [poolId, tab = 'users', username] = route;
  const pools = useLoad(async () => {
    const found: { Id?: string; Name?: string }[] = [];
    for await (const page of paginateListUserPools({ client }, { MaxResults: 60 })) found.push(...(page.UserPools ?? []));
    return found;
  }, [client]);
  const currentPool = poolId ?? pools.value?.[0]?.Id;

  return (
    <Flex direction="column" gap="medium">
      <ErrorNote error={pools.error} />
      {pools.loading && !pools.value && <Loader />}
      <Flex as="ul" gap="medium" padding="0" style={{ listStyle: 'none' }} aria-label="User pools">
        {pools.value?.map((pool) => (
          <li key={pool.Id}>
            <Link href={href('users', pool.Id!)} aria-current={pool.Id === currentPool ? 'page' : undefined}>
              {pool.Name} ({pool.Id})
            </Link>
          </li>
        ))}
      </Flex>
      {pools.value?.length === 0 && <Text>No user pools.</Text>}
      {currentPool && (
        <Tabs
          value={tab}
          onValueChange={(value) => navigate('users', currentPool, value)}
          items={[
            { label: 'Users', value: 'users', content: <UserList client={client} userPoolId={currentPool} username={tab === 'users' ? username : undefined} /> },
            { label: 'Groups', value: 'groups', content: <GroupList client={client} userPoolId={currentPool} /> },
            { label: 'Outbox', value: 'outbox', content: <Outbox userPoolId={currentPool} /> },
            ...(servicesPresent(session, ['cognito-identity']) ? [{ label: 'Identity pools', value: 'identity', content: <IdentityPools /> }] : []),
          ]}
        />
      )}
    </Flex>
  );
}
