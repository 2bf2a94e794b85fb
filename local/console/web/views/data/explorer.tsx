import type { GraphqlApi } from '@aws-sdk/client-appsync';
import { Button, Flex, Text, TextAreaField } from '@aws-amplify/ui-react';
import { getNamedType, isEnumType, isObjectType, isScalarType, parse, validate, type GraphQLField, type GraphQLSchema } from 'graphql';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { runGraphQL, subscribe, type GraphQLAuth } from '../../lib/graphql';
import { SchemaDocs } from './schema-docs';

/** The scalar and enum fields of a type, for a first selection set. */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return '';
  const fields = named.getFields();
  const target = 'items' in fields ? getNamedType(fields.items.type) : named;
  if (!isObjectType(target)) return '';
  const scalars = Object.values(target.getFields()).filter((f) => isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))).map((f) => f.name);
  return 'items' in fields ? ` {\n    items { ${scalars.join(' ')} }\n    nextToken\n  }` : ` {\n    ${scalars.join(' ')}\n  }`;
}

/** A GraphQL explorer: write or pick an operation, run it as the chosen caller, read the answer; subscriptions stay open. */
export function Explorer({ api, schema, auth }: { api: GraphqlApi; schema: GraphQLSchema; auth?: GraphQLAuth }) {
  const [query, setQuery] = useState('query {\n  __typename\n}');
  const [variables, setVariables] = useState('{}');
  const [result, setResult] = useState<string>();
  const [messages, setMessages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const stop = useRef<() => void>(undefined);
  useEffect(() => () => stop.current?.(), []);

  let problems: string[] = [];
  let isSubscription = false;
  try {
    const document = parse(query);
    problems = validate(schema, document).map((problem) => problem.message);
    isSubscription = document.definitions.some((definition) => definition.kind === 'OperationDefinition' && definition.operation === 'subscription');
  } catch (caught) {
    problems = [(caught as Error).message];
  }

  async function run() {
    if (!auth) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const vars = JSON.parse(variables || '{}') as Record<string, unknown>;
      if (isSubscription) {
        stop.current?.();
        setMessages([]);
        stop.current = await subscribe(api.uris!.REALTIME!, api.uris!.GRAPHQL!, auth, query, vars, {
          onStarted: () => setResult('Subscribed: messages appear below as mutations happen.'),
          onData: (payload) => setMessages((list) => [JSON.stringify(payload, null, 2), ...list].slice(0, 50)),
          onError: (message) => setError(new Error(message)),
        });
      } else {
        setResult(JSON.stringify(await runGraphQL(api.uris!.GRAPHQL!, auth, query, vars), null, 2));
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="console-split" style={{ marginTop: 'var(--amplify-space-medium)' }}>
      <Flex direction="column" gap="small">
        <div className="console-code">
          <TextAreaField label="Operation" rows={12} value={query} spellCheck={false} onChange={(event) => setQuery(event.target.value)} hasError={problems.length > 0} errorMessage={problems.join(' · ')} />
        </div>
        <div className="console-code">
          <TextAreaField label="Variables (JSON)" rows={4} value={variables} spellCheck={false} onChange={(event) => setVariables(event.target.value)} />
        </div>
        <Flex gap="small">
          <Button variation="primary" onClick={() => void run()} isLoading={busy} isDisabled={!auth || problems.length > 0}>
            {isSubscription ? 'Subscribe' : 'Run'}
          </Button>
          {isSubscription && (
            <Button onClick={() => (stop.current?.(), (stop.current = undefined), setResult('Stopped.'))}>Stop</Button>
          )}
        </Flex>
        {!auth && <Text fontSize="small">Choose whom to call the API as first.</Text>}
        <ErrorNote error={error} />
        {result && (
          <pre className="console-pre" data-testid="explorer-result">
            {result}
          </pre>
        )}
        {messages.map((message, index) => (
          <pre key={messages.length - index} className="console-pre">
            {message}
          </pre>
        ))}
      </Flex>
      <SchemaDocs
        schema={schema}
        onPick={(kind, field) => {
          const args = field.args.filter((arg) => String(arg.type).endsWith('!'));
          const definitions = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
          const call = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
          setQuery(`${kind}${definitions ? ` (${definitions})` : ''} {\n  ${field.name}${call ? `(${call})` : ''}${selectionOf(field)}\n}`);
          setVariables(JSON.stringify(Object.fromEntries(args.map((arg) => [arg.name, null])), null, 2));
        }}
      />
    </div>
  );
}
