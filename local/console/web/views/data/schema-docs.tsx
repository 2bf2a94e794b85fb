import { Button, Flex, Heading, SearchField, Text } from '@aws-amplify/ui-react';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { useState } from 'react';

/**
 * The schema as documentation: the root operations, then any type by name, each field with
 * its arguments and type. Choosing a root field hands it to `onPick` (the explorer writes
 * an operation for it).
 */
export function SchemaDocs({ schema, onPick }: { schema: GraphQLSchema; onPick(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>): void }) {
  const [typeName, setTypeName] = useState<string>();
  const [search, setSearch] = useState('');
  const type = typeName ? schema.getType(typeName) : undefined;
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  const matches = (name: string) => !search || name.toLowerCase().includes(search.toLowerCase());
  const typeLink = (named: GraphQLNamedType, text: string) => (
    <Button variation="link" size="small" padding="0" onClick={() => setTypeName(named.name)}>
      {text}
    </Button>
  );

  return (
    <Flex direction="column" gap="small" as="section" aria-label="Schema documentation">
      <SearchField label="Search the schema" size="small" value={search} onChange={(event) => setSearch(event.target.value)} onClear={() => setSearch('')} />
      {type && (
        <Button size="small" onClick={() => setTypeName(undefined)} alignSelf="flex-start">
          ← Operations
        </Button>
      )}
      {!type &&
        roots.map(([kind, root]) =>
          root ? (
            <div key={kind}>
              <Heading level={3} fontSize="medium">
                {kind[0].toUpperCase() + kind.slice(1)}
              </Heading>
              <Flex as="ul" direction="column" gap="xxs" padding="0" style={{ listStyle: 'none' }}>
                {Object.values(root.getFields())
                  .filter((field) => matches(field.name))
                  .map((field) => (
                    <li key={field.name}>
                      <Button variation="link" size="small" padding="0" onClick={() => onPick(kind, field)} title={field.description ?? undefined}>
                        {field.name}
                      </Button>
                      <Text as="span" fontSize="small" color="font.secondary">
                        {field.args.length ? `(${field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).join(', ')})` : ''}:{' '}
                      </Text>
                      {typeLink(getNamedType(field.type), String(field.type))}
                    </li>
                  ))}
              </Flex>
            </div>
          ) : null,
        )}
      {type && (
        <div>
          <Heading level={3} fontSize="medium">
            {type.name}
          </Heading>
          {type.description && <Text fontSize="small">{type.description}</Text>}
          {(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) && (
            <Flex as="ul" direction="column" gap="xxs" padding="0" style={{ listStyle: 'none' }}>
              {Object.values(type.getFields())
                .filter((field) => matches(field.name))
                .map((field) => (
                  <li key={field.name}>
                    <Text as="span" fontSize="small">
                      {field.name}
                      {'args' in field && field.args.length ? `(${field.args.map((arg: { name: string; type: unknown }) => `${arg.name}: ${String(arg.type)}`).join(', ')})` : ''}:{' '}
                    </Text>
                    {typeLink(getNamedType(field.type)!, String(field.type))}
                  </li>
                ))}
            </Flex>
          )}
          {isEnumType(type) && <Text fontSize="small">{type.getValues().map((value) => value.name).join(' | ')}</Text>}
        </div>
      )}
    </Flex>
  );
}
