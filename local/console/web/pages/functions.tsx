import { GetFunctionCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { Flex, Link, Loader, Text } from '@aws-amplify/ui-react';
import { useMemo } from 'react';
import { ErrorNote } from '../components/error-note';
import { awsConfig } from '../lib/aws';
import { useLoad } from '../lib/hooks';
import { href } from '../lib/route';
import { servicesPresent } from '../lib/session';
import { useSession } from '../lib/session-context';
import type { PageInfo, PageProps } from '../pages';
import { FunctionDetail } from '../views/functions/function-detail';
import { Schedules } from '../views/functions/schedules';

export const page = { title: 'Functions', services: ['lambda'], order: 50 } satisfies PageInfo;

/** Amplify tags each function with the name it has in amplify/ (`defineFunction({ name })`). */
const FRIENDLY_NAME_TAG = 'amplify:friendly-name';

/** Functions (configuration, triggers, invoke, recent invocations) and schedules. Route: `#/functions/<name>`. */
export default function FunctionsPage({ route }: PageProps) {
  const session = useSession();
  const client = useMemo(() => new LambdaClient(awsConfig(session)), [session]);
  const [selected] = route;
  const functions = useLoad(async () => {
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client }, {})) names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName!));
    const described = await Promise.all(names.map((FunctionName) => client.send(new GetFunctionCommand({ FunctionName }))));
    return described
      .map((fn) => ({ name: fn.Configuration!.FunctionName!, arn: fn.Configuration!.FunctionArn!, friendly: fn.Tags?.[FRIENDLY_NAME_TAG], state: fn.Configuration!.State }))
      .sort((a, b) => (a.friendly ?? `~${a.name}`).localeCompare(b.friendly ?? `~${b.name}`));
  }, [client]);
  const labelOf = (arn: string) => functions.value?.find((fn) => fn.arn === arn || arn.endsWith(`:function:${fn.name}`))?.friendly ?? arn.split(':').pop()!;

  return (
    <Flex direction="column" gap="large">
      {servicesPresent(session, ['scheduler']) && <Schedules labelOf={labelOf} />}
      <div className="console-split" style={{ gridTemplateColumns: 'minmax(12rem, 1fr) minmax(0, 4fr)' }}>
        <nav aria-label="Functions">
          <ErrorNote error={functions.error} />
          {functions.loading && !functions.value && <Loader />}
          <Flex as="ul" direction="column" gap="xs" padding="0" style={{ listStyle: 'none' }}>
            {functions.value?.map((fn) => (
              <li key={fn.name}>
                <Link href={href('functions', fn.name)} aria-current={fn.name === selected ? 'page' : undefined} style={{ wordBreak: 'break-all' }}>
                  {fn.friendly ?? fn.name}
                </Link>
                {fn.state !== 'Active' && (
                  <Text as="span" fontSize="small" color="font.secondary">
                    {' '}
                    (not runnable)
                  </Text>
                )}
              </li>
            ))}
          </Flex>
        </nav>
        <div>{selected ? <FunctionDetail key={selected} client={client} functionName={selected} /> : <Text>Choose a function.</Text>}</div>
      </div>
    </Flex>
  );
}
