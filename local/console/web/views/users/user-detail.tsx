import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ListGroupsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { Badge, Button, Flex, Heading, PasswordField, SelectField } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { KeyValues } from '../../components/key-values';
import { useLoad } from '../../lib/hooks';
import { navigate } from '../../lib/route';

/** One user: attributes, status, groups, and the admin actions on them. */
export function UserDetail({ client, userPoolId, username, onChanged }: { client: CognitoIdentityProviderClient; userPoolId: string; username: string; onChanged(): void }) {
  const user = useLoad(() => client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username })), [client, userPoolId, username]);
  const groups = useLoad(async () => (await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username }))).Groups ?? [], [client, userPoolId, username]);
  const allGroups = useLoad(async () => (await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }))).Groups ?? [], [client, userPoolId]);
  const [password, setPassword] = useState('');
  const [group, setGroup] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function act(action: () => Promise<unknown>, after: () => void = () => (user.reload(), groups.reload(), onChanged())) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      after();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const value = user.value;
  const key = { UserPoolId: userPoolId, Username: username };

  return (
    <Flex direction="column" gap="small" as="section" aria-label={`User ${username}`}>
      <Heading level={3} fontSize="medium">
        {username}
      </Heading>
      <ErrorNote error={user.error} />
      {value && (
        <KeyValues
          label="User attributes"
          entries={[
            ['Status', <Badge key="s" size="small">{value.UserStatus}</Badge>],
            ['Enabled', value.Enabled ? 'yes' : 'no'],
            ['Created', value.UserCreateDate?.toLocaleString()],
            ...(value.UserAttributes ?? []).map((entry) => [entry.Name!, entry.Value] as const),
            ['Groups', (groups.value ?? []).map((g) => g.GroupName).join(', ') || '—'],
          ]}
        />
      )}
      <Flex gap="small" wrap="wrap">
        {value?.UserStatus === 'UNCONFIRMED' && (
          <Button size="small" isDisabled={busy} onClick={() => void act(() => client.send(new AdminConfirmSignUpCommand(key)))}>
            Confirm
          </Button>
        )}
        {value && (
          <Button size="small" isDisabled={busy} onClick={() => void act(() => client.send(value.Enabled ? new AdminDisableUserCommand(key) : new AdminEnableUserCommand(key)))}>
            {value.Enabled ? 'Disable' : 'Enable'}
          </Button>
        )}
        {value && value.UserStatus !== 'FORCE_CHANGE_PASSWORD' && value.UserStatus !== 'RESET_REQUIRED' && (
          // The code goes to the outbox; at sign-in the user is asked to reset.
          <Button size="small" isDisabled={busy} onClick={() => void act(() => client.send(new AdminResetUserPasswordCommand(key)))}>
            Reset password
          </Button>
        )}
        <Button
          size="small"
          variation="destructive"
          isDisabled={busy}
          onClick={() => {
            if (!window.confirm(`Delete ${username}?`)) return;
            void act(() => client.send(new AdminDeleteUserCommand(key)), () => (onChanged(), navigate('users', userPoolId)));
          }}
        >
          Delete
        </Button>
      </Flex>
      <Flex gap="small" alignItems="flex-end">
        <PasswordField label="New password" value={password} onChange={(event) => setPassword(event.target.value)} size="small" autoComplete="new-password" />
        <Button size="small" isDisabled={busy || !password} onClick={() => void act(() => client.send(new AdminSetUserPasswordCommand({ ...key, Password: password, Permanent: true })), () => (setPassword(''), user.reload()))}>
          Set password
        </Button>
      </Flex>
      <Flex gap="small" alignItems="flex-end">
        <SelectField label="Group" value={group} onChange={(event) => setGroup(event.target.value)} size="small">
          <option value="">Choose a group</option>
          {allGroups.value?.map((candidate) => (
            <option key={candidate.GroupName} value={candidate.GroupName}>
              {candidate.GroupName}
            </option>
          ))}
        </SelectField>
        <Button size="small" isDisabled={busy || !group} onClick={() => void act(() => client.send(new AdminAddUserToGroupCommand({ ...key, GroupName: group })))}>
          Add to group
        </Button>
        <Button size="small" isDisabled={busy || !group} onClick={() => void act(() => client.send(new AdminRemoveUserFromGroupCommand({ ...key, GroupName: group })))}>
          Remove from group
        </Button>
      </Flex>
      <ErrorNote error={error} />
    </Flex>
  );
}
