import { AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, ListUsersCommand, type CognitoIdentityProviderClient, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import { Button, CheckboxField, Flex, Heading, PasswordField, SearchField, Text, TextField } from '@aws-amplify/ui-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { VirtualTable } from '../../components/virtual-table';
import { navigate } from '../../lib/route';
import { UserDetail } from './user-detail';

const attribute = (user: UserType, name: string) => user.Attributes?.find((entry) => entry.Name === name)?.Value;

/** A pool's users (60 per page, loaded on scroll), a search by email prefix, and a form to create one. */
export function UserList({ client, userPoolId, username }: { client: CognitoIdentityProviderClient; userPoolId: string; username?: string }) {
  const [users, setUsers] = useState<UserType[]>([]);
  const [token, setToken] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [search, setSearch] = useState('');
  const generation = useRef(0);

  const load = useCallback(
    async (paginationToken: string | undefined, fresh: boolean) => {
      const id = fresh ? ++generation.current : generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const filter = search ? `email ^= "${search.replace(/["\\]/g, '')}"` : undefined;
        const page = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, Limit: 60, PaginationToken: paginationToken, Filter: filter }));
        if (id !== generation.current) return;
        setUsers((previous) => [...(fresh ? [] : previous), ...(page.Users ?? [])]);
        setToken(page.PaginationToken);
      } catch (caught) {
        if (id === generation.current) setError(caught);
      } finally {
        if (id === generation.current) setLoading(false);
      }
    },
    [client, userPoolId, search],
  );
  useEffect(() => void load(undefined, true), [load]);

  return (
    <Flex direction="column" gap="medium" marginTop="medium">
      <Flex gap="small" alignItems="flex-end" wrap="wrap">
        <SearchField label="Search by email prefix" placeholder="ann@" onSubmit={setSearch} onClear={() => setSearch('')} size="small" />
      </Flex>
      <ErrorNote error={error} />
      <div className="console-split">
        <Flex direction="column" gap="medium">
          <VirtualTable
            label="Users"
            rows={users}
            columns={[
              { label: 'Username', width: 'minmax(8rem, 1fr)', render: (user) => user.Username },
              { label: 'Email', width: 'minmax(10rem, 1.5fr)', render: (user) => attribute(user, 'email') },
              { label: 'Status', width: '11rem', render: (user) => user.UserStatus },
              { label: 'Enabled', width: '5rem', render: (user) => (user.Enabled ? 'yes' : 'no') },
            ]}
            rowKey={(user) => user.Username!}
            selectedKey={username}
            onSelect={(user) => navigate('users', userPoolId, 'users', user.Username!)}
            hasMore={token !== undefined}
            loading={loading}
            onEndReached={() => void load(token, false)}
            height="20rem"
          />
          <CreateUser client={client} userPoolId={userPoolId} onCreated={(name) => {
            void load(undefined, true);
            navigate('users', userPoolId, 'users', name);
          }} />
        </Flex>
        {username && <UserDetail key={username} client={client} userPoolId={userPoolId} username={username} onChanged={() => void load(undefined, true)} />}
      </div>
    </Flex>
  );
}

/**
 * AdminCreateUser, then AdminSetUserPassword (permanent) when a password is given — else the
 * invitation with a temporary password goes to the outbox — then the groups chosen.
 */
function CreateUser({ client, userPoolId, onCreated }: { client: CognitoIdentityProviderClient; userPoolId: string; onCreated(username: string): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [groups, setGroups] = useState('');
  const [verified, setVerified] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function create() {
    setBusy(true);
    setError(undefined);
    try {
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          UserAttributes: [{ Name: 'email', Value: email }, ...(verified ? [{ Name: 'email_verified', Value: 'true' }] : [])],
          ...(password && { MessageAction: 'SUPPRESS' as const }),
        }),
      );
      const username = created.User!.Username!;
      if (password) await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
      for (const group of groups.split(',').map((name) => name.trim()).filter(Boolean)) {
        await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
      }
      setEmail('');
      setPassword('');
      setGroups('');
      onCreated(username);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      aria-label="Create a user"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <Heading level={3} fontSize="medium" marginBottom="small">
        Create a user
      </Heading>
      <Flex direction="column" gap="small">
        <TextField label="Email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} isRequired size="small" />
        <PasswordField label="Password" descriptiveText="Leave empty to send an invitation with a temporary password (see the outbox)" value={password} onChange={(event) => setPassword(event.target.value)} size="small" autoComplete="new-password" />
        <TextField label="Groups" descriptiveText="Comma-separated" value={groups} onChange={(event) => setGroups(event.target.value)} size="small" />
        <CheckboxField label="Email verified" name="verified" checked={verified} onChange={(event) => setVerified(event.target.checked)} />
        <Button type="submit" variation="primary" isLoading={busy} isDisabled={!email}>
          Create user
        </Button>
        <ErrorNote error={error} />
      </Flex>
      <Text fontSize="small" color="font.secondary" marginTop="xs">
        Calls AdminCreateUser, AdminSetUserPassword and AdminAddUserToGroup with the root's credentials.
      </Text>
    </form>
  );
}
