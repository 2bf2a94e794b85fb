import { AppSyncClient, ListApiKeysCommand, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { Flex, Loader, SelectField, Tabs, Text } from '@aws-amplify/ui-react';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { useMemo, useState } from 'react';
import { ErrorNote } from '../components/error-note';
import { awsConfig } from '../lib/aws';
import { runGraphQL, type GraphQLAuth } from '../lib/graphql';
import { useLoad } from '../lib/hooks';
import { navigate } from '../lib/route';
import { useSession } from '../lib/session-context';
import type { PageInfo, PageProps } from '../pages';
import { AuthPicker } from '../views/data/auth-picker';
import { Explorer } from '../views/data/explorer';
import { Models } from '../views/data/models';

export const page = { title: 'Data', services: ['appsync'], order: 10 } satisfies PageInfo;

/**
 * The GraphQL APIs (found with AppSync's ListGraphqlApis): an explorer with the schema's
 * docs, and the models' items through their generated operations, both as the caller
 * chosen in the auth-mode picker. Route: `#/data/<explorer|models>`.
 */
export default function DataPage({ route }: PageProps) {
  const session = useSession();
  const client = useMemo(() => new AppSyncClient(awsConfig(session)), [session]);
  const [tab = 'models'] = route;
  const apis = useLoad(async () => {
    const { graphqlApis = [] } = await client.send(new ListGraphqlApisCommand({}));
    return Promise.all(graphqlApis.map(async (api) => ({ api, keys: ((await client.send(new ListApiKeysCommand({ apiId: api.apiId }))).apiKeys ?? []).map((key) => key.id!) })));
  }, [client]);
  const [apiId, setApiId] = useState<string>();
  const current = apis.value?.find((entry) => entry.api.apiId === apiId) ?? apis.value?.[0];
  const [auth, setAuth] = useState<GraphQLAuth>();
  const schema = useLoad(async () => {
    if (!current || !auth) return undefined;
    const response = await runGraphQL(current.api.uris!.GRAPHQL!, auth, getIntrospectionQuery());
    if (!response.data) throw new Error(response.errors?.map((error) => error.message).join('; ') ?? 'The schema could not be read');
    return buildClientSchema(response.data as unknown as IntrospectionQuery);
  }, [current?.api.apiId, auth]);

  return (
    <Flex direction="column" gap="medium">
      <ErrorNote error={apis.error} />
      {apis.loading && !apis.value && <Loader />}
      {apis.value?.length === 0 && <Text>No GraphQL APIs.</Text>}
      {current && (
        <>
          {apis.value!.length > 1 && (
            <SelectField label="API" value={current.api.apiId} onChange={(event) => setApiId(event.target.value)} size="small">
              {apis.value!.map(({ api }) => (
                <option key={api.apiId} value={api.apiId}>
                  {api.name} ({api.uris?.GRAPHQL})
                </option>
              ))}
            </SelectField>
          )}
          <Text fontSize="small" color="font.secondary">
            {current.api.name} at {current.api.uris?.GRAPHQL}
          </Text>
          <AuthPicker key={current.api.apiId} api={current.api} apiKeys={current.keys} onChange={setAuth} />
          <ErrorNote error={schema.error} heading="The schema could not be read as this caller" />
          {schema.value && (
            <Tabs
              value={tab}
              onValueChange={(value) => navigate('data', value)}
              items={[
                { label: 'Models', value: 'models', content: <Models api={current.api} schema={schema.value} auth={auth} /> },
                { label: 'GraphQL explorer', value: 'explorer', content: <Explorer api={current.api} schema={schema.value} auth={auth} /> },
              ]}
            />
          )}
        </>
      )}
    </Flex>
  );
}
