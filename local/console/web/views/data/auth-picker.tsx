import type { GraphqlApi } from '@aws-sdk/client-appsync';
import { CognitoIdentityClient, GetIdentityPoolRolesCommand, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { Button, Flex, SelectField, Text } from '@aws-amplify/ui-react';
import { useEffect, useMemo, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { awsConfig } from '../../lib/aws';
import type { GraphQLAuth } from '../../lib/graphql';
import { useLoad } from '../../lib/hooks';
import { localApi, servicesPresent } from '../../lib/session';
import { useSession } from '../../lib/session-context';

const MODE_LABELS: Record<string, string> = {
  API_KEY: 'API key',
  AMAZON_COGNITO_USER_POOLS: 'A user of the pool',
  AWS_IAM: 'IAM role',
};

/** The modes the API accepts that the console can act as (OIDC and Lambda authorizers need the caller's own tokens). */
function modesOf(api: GraphqlApi): string[] {
  const types: (string | undefined)[] = [api.authenticationType, ...(api.additionalAuthenticationProviders ?? []).map((provider) => provider.authenticationType)];
  return [...new Set(types)].filter((type): type is string => type !== undefined && type in MODE_LABELS);
}

function userPoolOf(api: GraphqlApi): string | undefined {
  return api.userPoolConfig?.userPoolId ?? api.additionalAuthenticationProviders?.find((provider) => provider.userPoolConfig)?.userPoolConfig?.userPoolId;
}

/**
 * Whom the console calls the API as: its API key, a user of the pool (tokens as their sign-in
 * would get them, with their groups), or an IAM role of the backend (a function's execution
 * role, an identity pool's roles) with that role's temporary credentials.
 */
export function AuthPicker({ api, apiKeys, onChange }: { api: GraphqlApi; apiKeys: string[]; onChange(auth: GraphQLAuth | undefined): void }) {
  const session = useSession();
  const modes = modesOf(api);
  const [mode, setMode] = useState(modes.includes('API_KEY') ? 'API_KEY' : modes[0]);
  const [choice, setChoice] = useState('');
  const [groups, setGroups] = useState<string[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const userPoolId = userPoolOf(api);
  const cognito = useMemo(() => new CognitoIdentityProviderClient(awsConfig(session)), [session]);

  const users = useLoad(async () => {
    if (mode !== 'AMAZON_COGNITO_USER_POOLS' || !userPoolId) return [];
    const { Users = [] } = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, Limit: 60 }));
    return Users.map((user) => ({ value: user.Username!, label: `${user.Attributes?.find((a) => a.Name === 'email')?.Value ?? user.Username} (${user.UserStatus})` }));
  }, [mode, userPoolId, cognito]);

  const roles = useLoad(async () => {
    if (mode !== 'AWS_IAM') return [];
    const found: { value: string; label: string }[] = [];
    for await (const page of paginateListFunctions({ client: new LambdaClient(awsConfig(session)) }, {})) {
      for (const fn of page.Functions ?? []) if (fn.Role) found.push({ value: fn.Role, label: `Role of function ${fn.FunctionName}` });
    }
    if (servicesPresent(session, ['cognito-identity'])) {
      const identity = new CognitoIdentityClient(awsConfig(session));
      const { IdentityPools = [] } = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
      for (const pool of IdentityPools) {
        const { Roles = {} } = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: pool.IdentityPoolId }));
        for (const [kind, arn] of Object.entries(Roles)) found.push({ value: arn, label: `${kind} role of ${pool.IdentityPoolName}` });
      }
    }
    return found;
  }, [mode, session]);

  useEffect(() => {
    setChoice(mode === 'API_KEY' ? (apiKeys[0] ?? '') : '');
    setGroups(undefined);
    setError(undefined);
  }, [mode, apiKeys]);

  useEffect(() => {
    if (mode === 'API_KEY' && choice) onChange({ mode: 'API_KEY', apiKey: choice });
    else onChange(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, choice]);

  async function actAs() {
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'AMAZON_COGNITO_USER_POOLS') {
        const tokens = await localApi<{ accessToken: string }>(`/user-pools/${encodeURIComponent(userPoolId!)}/tokens`, { username: choice });
        const { Groups = [] } = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: choice }));
        setGroups(Groups.map((group) => group.GroupName!));
        onChange({ mode, label: choice, accessToken: tokens.accessToken });
      } else if (mode === 'AWS_IAM') {
        const credentials = await localApi<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }>('/role-credentials', { roleArn: choice });
        onChange({ mode, label: choice, region: session.region, credentials });
      }
    } catch (caught) {
      setError(caught);
      onChange(undefined);
    } finally {
      setBusy(false);
    }
  }

  const options = mode === 'API_KEY' ? apiKeys.map((key) => ({ value: key, label: key })) : mode === 'AMAZON_COGNITO_USER_POOLS' ? (users.value ?? []) : (roles.value ?? []);
  return (
    <Flex direction="column" gap="xs">
      <Flex gap="small" alignItems="flex-end" wrap="wrap">
        <SelectField label="Call the API as" value={mode} onChange={(event) => setMode(event.target.value)} size="small">
          {modes.map((candidate) => (
            <option key={candidate} value={candidate}>
              {MODE_LABELS[candidate]}
            </option>
          ))}
        </SelectField>
        <SelectField label={mode === 'API_KEY' ? 'Key' : mode === 'AWS_IAM' ? 'Role' : 'User'} value={choice} onChange={(event) => setChoice(event.target.value)} size="small">
          {mode !== 'API_KEY' && <option value="">Choose…</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        {mode !== 'API_KEY' && (
          <Button size="small" onClick={() => void actAs()} isDisabled={!choice} isLoading={busy}>
            {mode === 'AWS_IAM' ? 'Assume role' : 'Sign in as user'}
          </Button>
        )}
      </Flex>
      {groups && (
        <Text fontSize="small" color="font.secondary" role="status">
          Signed in as {choice}; groups: {groups.join(', ') || 'none'}
        </Text>
      )}
      <ErrorNote error={users.error ?? roles.error ?? error} />
    </Flex>
  );
}
