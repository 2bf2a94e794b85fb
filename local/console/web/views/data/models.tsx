import type { GraphqlApi } from '@aws-sdk/client-appsync';
import { Button, Flex, SelectField, Text } from '@aws-amplify/ui-react';
import { GraphQLNonNull, isNonNullType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { JsonEditor, parseJson } from '../../components/json-editor';
import { VirtualTable } from '../../components/virtual-table';
import { runGraphQL, type GraphQLAuth } from '../../lib/graphql';
import { findModels, inputProblems, inputTypeOf, operationFor, pickInput, type ModelInfo } from './model-schema';
import { cellText } from '../dynamodb/item-json';

type Item = Record<string, unknown>;
const PAGE_SIZE = 100;
/** Arguments the form handles itself rather than in the arguments editor. */
const PAGING_ARGS = new Set(['filter', 'limit', 'nextToken']);

function firstErrorOf(response: { errors?: { message: string; errorType?: string }[] }): Error | undefined {
  const [first] = response.errors ?? [];
  return first ? new Error(`${first.errorType ? `${first.errorType}: ` : ''}${first.message}`) : undefined;
}

/** A model's items through its own generated operations, as the chosen caller: get by key, list, query by index, filter; edit, create, delete. */
export function Models({ api, schema, auth }: { api: GraphqlApi; schema: GraphQLSchema; auth?: GraphQLAuth }) {
  const models = useMemo(() => findModels(schema), [schema]);
  const [modelName, setModelName] = useState(models[0]?.name ?? '');
  const model = models.find((candidate) => candidate.name === modelName);
  return model ? <ModelItems key={model.name} api={api} model={model} models={models} onModel={setModelName} auth={auth} /> : <Text marginTop="medium">This API has no models.</Text>;
}

function ModelItems({ api, model, models, onModel, auth }: { api: GraphqlApi; model: ModelInfo; models: ModelInfo[]; onModel(name: string): void; auth?: GraphQLAuth }) {
  const operations = [...(model.get ? [model.get] : []), ...model.queries];
  const [operationName, setOperationName] = useState(model.queries[0]?.name ?? model.get?.name ?? '');
  const operation = operations.find((candidate) => candidate.name === operationName)!;
  const keyArgs = operation.args.filter((arg) => !PAGING_ARGS.has(arg.name));
  const skeleton = (field: GraphQLField<unknown, unknown>) => JSON.stringify(Object.fromEntries(field.args.filter((arg) => !PAGING_ARGS.has(arg.name) && isNonNullType(arg.type)).map((arg) => [arg.name, ''])), null, 2);
  const [argsText, setArgsText] = useState(() => skeleton(operation));
  const [filterText, setFilterText] = useState('{}');
  const hasFilter = operation.args.some((arg) => arg.name === 'filter');

  const [items, setItems] = useState<Item[]>([]);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);

  const [selected, setSelected] = useState<Item>();
  const [editor, setEditor] = useState<{ text: string; isNew: boolean }>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();

  const parsedArgs = parseJson(argsText);
  const argProblems = parsedArgs.ok
    ? keyArgs.flatMap((arg) => inputProblems((parsedArgs.value as Item)?.[arg.name], arg.type, arg.name))
    : [];
  const keyFields = inputTypeOf(model.delete) ? Object.keys(inputTypeOf(model.delete)!.getFields()) : ['id'];
  const keyOf = (item: Item) => JSON.stringify(keyFields.map((name) => item[name]));

  const load = useCallback(
    async (token: string | null, fresh: boolean) => {
      if (!auth || !parsedArgs.ok) return;
      const id = fresh ? ++generation.current : generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const variables: Item = { ...(parsedArgs.value as Item) };
        if (hasFilter) {
          const filter = parseJson(filterText || '{}');
          if (!filter.ok) throw new Error(`Filter: ${filter.problem}`);
          if (filter.value && Object.keys(filter.value as Item).length > 0) variables.filter = filter.value;
        }
        const paged = operation.args.some((arg) => arg.name === 'nextToken');
        if (paged) Object.assign(variables, { limit: PAGE_SIZE, ...(token && { nextToken: token }) });
        const used = operation.args.filter((arg) => arg.name in variables).map((arg) => arg.name);
        const response = await runGraphQL(api.uris!.GRAPHQL!, auth, operationFor('query', operation, model.scalarFields, used), variables);
        if (id !== generation.current) return;
        const value = response.data?.[operation.name] as Item | null | undefined;
        const connection = value && 'items' in value ? (value as { items: (Item | null)[] | null; nextToken?: string | null }) : undefined;
        const page = connection ? (connection.items ?? []).filter((item): item is Item => item !== null) : value ? [value] : [];
        setItems((previous) => [...(fresh ? [] : previous), ...page]);
        setNextToken(connection?.nextToken ?? null);
        const failure = firstErrorOf(response);
        if (failure) setError(failure);
      } catch (caught) {
        if (id === generation.current) setError(caught);
      } finally {
        if (id === generation.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [auth, argsText, filterText, operationName],
  );

  const input = editor?.isNew ? inputTypeOf(model.create) : inputTypeOf(model.update);
  const parsedItem = editor ? parseJson(editor.text) : undefined;
  const itemProblems = input && parsedItem?.ok ? inputProblems(parsedItem.value, new GraphQLNonNull(input), 'input') : [];

  async function mutate(field: GraphQLField<unknown, unknown> | undefined, value: Item): Promise<Item | undefined> {
    const response = await runGraphQL(api.uris!.GRAPHQL!, auth!, operationFor('mutation', field!, model.scalarFields, ['input']), { input: value });
    const failure = firstErrorOf(response);
    if (failure) throw failure;
    return response.data?.[field!.name] as Item | undefined;
  }

  async function save() {
    if (!editor || !parsedItem?.ok || itemProblems.length > 0) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await mutate(editor.isNew ? model.create : model.update, parsedItem.value as Item);
      if (saved) {
        const key = keyOf(saved);
        setItems((previous) => (previous.some((item) => keyOf(item) === key) ? previous.map((item) => (keyOf(item) === key ? saved : item)) : [saved, ...previous]));
        setSelected(saved);
        setEditor({ text: JSON.stringify(pickInput(saved, inputTypeOf(model.update)!), null, 2), isNew: false });
      }
    } catch (caught) {
      setSaveError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!selected || !window.confirm(`Delete this ${model.name}?`)) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      await mutate(model.delete, Object.fromEntries(keyFields.map((name) => [name, selected[name]])));
      const key = keyOf(selected);
      setItems((previous) => previous.filter((item) => keyOf(item) !== key));
      setSelected(undefined);
      setEditor(undefined);
    } catch (caught) {
      setSaveError(caught);
    } finally {
      setSaving(false);
    }
  }

  const columns = [...keyFields, ...model.scalarFields.filter((name) => !keyFields.includes(name))].slice(0, 6).map((name) => ({ label: name, width: 'minmax(7rem, 1fr)', render: (item: Item) => cellText(item[name]) }));
  return (
    <Flex direction="column" gap="medium" marginTop="medium">
      <Flex gap="small" wrap="wrap" alignItems="flex-end">
        <SelectField label="Model" value={model.name} onChange={(event) => onModel(event.target.value)} size="small">
          {models.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Query"
          value={operationName}
          onChange={(event) => {
            const next = operations.find((candidate) => candidate.name === event.target.value)!;
            setOperationName(next.name);
            setArgsText(skeleton(next));
          }}
          size="small"
        >
          {operations.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate === model.get ? `${candidate.name} (by key)` : candidate.args.some((arg) => isNonNullType(arg.type)) ? `${candidate.name} (by index)` : candidate.name}
            </option>
          ))}
        </SelectField>
      </Flex>
      <div className="console-split">
        <JsonEditor label={`Arguments (${keyArgs.map((arg) => `${arg.name}: ${String(arg.type)}`).join(', ') || 'none'})`} value={argsText} onChange={setArgsText} problems={argProblems} rows={4} />
        {hasFilter && <JsonEditor label="Filter (JSON, as the filter argument)" descriptiveText='e.g. {"severity": {"eq": "SEV1"}}' value={filterText} onChange={setFilterText} rows={4} />}
      </div>
      <Flex gap="small">
        <Button variation="primary" onClick={() => void load(null, true)} isDisabled={!auth || !parsedArgs.ok || argProblems.length > 0} isLoading={loading && items.length === 0}>
          Run query
        </Button>
        {model.create && (
          <Button
            onClick={() => {
              const create = inputTypeOf(model.create)!;
              setSelected(undefined);
              setSaveError(undefined);
              setEditor({ text: JSON.stringify(Object.fromEntries(Object.values(create.getFields()).filter((field) => isNonNullType(field.type)).map((field) => [field.name, ''])), null, 2), isNew: true });
            }}
          >
            New {model.name}
          </Button>
        )}
      </Flex>
      {!auth && <Text fontSize="small">Choose whom to call the API as first.</Text>}
      <ErrorNote error={error} />
      <div className="console-split">
        <VirtualTable
          label={`${model.name} items`}
          rows={items}
          columns={columns}
          rowKey={keyOf}
          selectedKey={selected ? keyOf(selected) : undefined}
          onSelect={(item) => {
            setSelected(item);
            setSaveError(undefined);
            setEditor(model.update ? { text: JSON.stringify(pickInput(item, inputTypeOf(model.update)!), null, 2), isNew: false } : undefined);
          }}
          hasMore={nextToken !== null}
          loading={loading}
          onEndReached={() => void load(nextToken, false)}
        />
        {editor && (
          <Flex direction="column" gap="small">
            <JsonEditor
              label={editor.isNew ? `New ${model.name} (${input?.name})` : `Edit ${model.name} (${input?.name})`}
              value={editor.text}
              onChange={(text) => setEditor({ ...editor, text })}
              problems={itemProblems}
              rows={16}
            />
            <Flex gap="small">
              <Button variation="primary" onClick={() => void save()} isDisabled={!parsedItem?.ok || itemProblems.length > 0} isLoading={saving}>
                {editor.isNew ? `Create ${model.name}` : `Save ${model.name}`}
              </Button>
              {!editor.isNew && model.delete && (
                <Button variation="destructive" onClick={() => void remove()} isDisabled={saving}>
                  Delete
                </Button>
              )}
            </Flex>
            <ErrorNote error={saveError} />
          </Flex>
        )}
      </div>
    </Flex>
  );
}
