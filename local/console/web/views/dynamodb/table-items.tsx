import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { Button, Flex, Heading, SelectField, Text, TextField } from '@aws-amplify/ui-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { JsonEditor, parseJson } from '../../components/json-editor';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { cellText, fromEditable, itemProblems, toEditable, type Item } from './item-json';

/** Items read per request: a page, never the whole table. */
const PAGE_SIZE = 100;
const SORT_OPERATORS = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'] as const;

interface KeyPart {
  name: string;
  type: string;
}

function keysOf(table: TableDescription, indexName: string): { partition: KeyPart; sort?: KeyPart } {
  const index = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].find((candidate) => candidate.IndexName === indexName);
  const schema = index?.KeySchema ?? table.KeySchema ?? [];
  const typeOf = (name: string) => table.AttributeDefinitions?.find((definition) => definition.AttributeName === name)?.AttributeType ?? 'S';
  const part = (type: 'HASH' | 'RANGE') => {
    const name = schema.find((element) => element.KeyType === type)?.AttributeName;
    return name ? { name, type: typeOf(name) } : undefined;
  };
  return { partition: part('HASH')!, sort: part('RANGE') };
}

const typed = (part: KeyPart, text: string) => (part.type === 'N' ? Number(text) : text);

/** Scan or query one table page by page, and edit, create or delete its items. */
export function TableItems({ client, table }: { client: DynamoDBClient; table: TableDescription }) {
  const documents = useMemo(() => DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), [client]);
  const tableKeys = keysOf(table, '');
  const keyParts = [tableKeys.partition, ...(tableKeys.sort ? [tableKeys.sort] : [])];
  const keyString = (item: Item) => JSON.stringify(keyParts.map((part) => item[part.name]));

  const [mode, setMode] = useState<'scan' | 'query'>('scan');
  const [indexName, setIndexName] = useState('');
  const [partitionValue, setPartitionValue] = useState('');
  const [sortOperator, setSortOperator] = useState<(typeof SORT_OPERATORS)[number]>('=');
  const [sortValue, setSortValue] = useState('');
  const [sortValue2, setSortValue2] = useState('');
  const [filter, setFilter] = useState('');
  const [filterValues, setFilterValues] = useState('{}');

  const [items, setItems] = useState<Item[]>([]);
  const [lastKey, setLastKey] = useState<Item | undefined>();
  const [loading, setLoading] = useState(false);
  const [listError, setListError] = useState<unknown>();
  const generation = useRef(0);
  const request = useRef<Omit<ScanCommandInput & QueryCommandInput, 'ExclusiveStartKey'>>(undefined);

  const [selected, setSelected] = useState<string>();
  const [editor, setEditor] = useState<{ text: string; setAttributes: string[]; isNew: boolean }>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();

  const indexKeys = keysOf(table, indexName);
  const indexes = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].map((index) => index.IndexName!);

  function buildRequest(): Omit<ScanCommandInput & QueryCommandInput, 'ExclusiveStartKey'> {
    const names: Record<string, string> = {};
    let values: Record<string, unknown> = {};
    if (filter.trim()) {
      const parsed = parseJson(filterValues || '{}');
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) throw new Error('Filter values must be a JSON object such as {":status": "OPEN"}');
      values = { ...(parsed.value as Record<string, unknown>) };
      for (const [, name] of filter.matchAll(/#([A-Za-z0-9_]+)/g)) names[`#${name}`] = name;
    }
    let keyCondition: string | undefined;
    if (mode === 'query') {
      if (!partitionValue) throw new Error(`A query needs the partition key ${indexKeys.partition.name}`);
      names['#pk'] = indexKeys.partition.name;
      values[':pk'] = typed(indexKeys.partition, partitionValue);
      keyCondition = '#pk = :pk';
      if (indexKeys.sort && sortValue) {
        names['#sk'] = indexKeys.sort.name;
        values[':sk'] = typed(indexKeys.sort, sortValue);
        if (sortOperator === 'begins_with') keyCondition += ' AND begins_with(#sk, :sk)';
        else if (sortOperator === 'between') {
          values[':sk2'] = typed(indexKeys.sort, sortValue2);
          keyCondition += ' AND #sk BETWEEN :sk AND :sk2';
        } else keyCondition += ` AND #sk ${sortOperator} :sk`;
      }
    }
    return {
      TableName: table.TableName,
      ...(indexName && { IndexName: indexName }),
      Limit: PAGE_SIZE,
      ...(keyCondition && { KeyConditionExpression: keyCondition }),
      ...(filter.trim() && { FilterExpression: filter.trim() }),
      ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
      ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
    };
  }

  const loadPage = useCallback(
    async (startKey: Item | undefined, fresh: boolean) => {
      const id = fresh ? ++generation.current : generation.current;
      setLoading(true);
      setListError(undefined);
      try {
        if (fresh) request.current = buildRequest();
        const input = { ...request.current!, ...(startKey && { ExclusiveStartKey: startKey }) };
        const page = mode === 'query' ? await documents.send(new QueryCommand(input)) : await documents.send(new ScanCommand(input));
        if (id !== generation.current) return;
        setItems((previous) => [...(fresh ? [] : previous), ...((page.Items ?? []) as Item[])]);
        setLastKey(page.LastEvaluatedKey as Item | undefined);
      } catch (error) {
        if (id === generation.current) setListError(error);
      } finally {
        if (id === generation.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [documents, mode, indexName, partitionValue, sortOperator, sortValue, sortValue2, filter, filterValues],
  );

  useEffect(() => {
    void loadPage(undefined, true);
    // The first page loads once, when the table opens; later ones on Run and on scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const shown = items.slice(0, 50);
  const otherAttributes = [...new Set(shown.flatMap((item) => Object.keys(item)))].filter((name) => !keyParts.some((part) => part.name === name)).slice(0, 4);
  const columns: Column<Item>[] = [...keyParts.map((part) => part.name), ...otherAttributes].map((name) => ({ label: name, width: 'minmax(8rem, 1fr)', render: (item) => cellText(item[name]) }));

  function select(item: Item) {
    setSelected(keyString(item));
    setEditor({ ...toEditable(item), isNew: false });
    setSaveError(undefined);
  }

  const parsed = editor ? parseJson(editor.text) : undefined;
  const problems = parsed?.ok ? itemProblems(parsed.value, keyParts) : [];

  async function save() {
    if (!editor || !parsed?.ok || problems.length > 0) return;
    setSaving(true);
    setSaveError(undefined);
    setSaved(undefined);
    try {
      const item = fromEditable(parsed.value, editor.setAttributes);
      await documents.send(new PutCommand({ TableName: table.TableName, Item: item }));
      const key = keyString(item);
      setItems((previous) => (previous.some((candidate) => keyString(candidate) === key) ? previous.map((candidate) => (keyString(candidate) === key ? item : candidate)) : [item, ...previous]));
      setSelected(key);
      setEditor({ ...toEditable(item), isNew: false });
      setSaved(`Saved ${key} at ${new Date().toLocaleTimeString()}`);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!editor || !parsed?.ok || problems.length > 0) return;
    const item = parsed.value as Item;
    if (!window.confirm(`Delete the item ${keyString(item)} from ${table.TableName}?`)) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      await documents.send(new DeleteCommand({ TableName: table.TableName, Key: Object.fromEntries(keyParts.map((part) => [part.name, item[part.name]])) }));
      const key = keyString(item);
      setItems((previous) => previous.filter((candidate) => keyString(candidate) !== key));
      setEditor(undefined);
      setSelected(undefined);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Flex direction="column" gap="medium">
      <Heading level={2} fontSize="large">
        {table.TableName}
      </Heading>
      <Text fontSize="small" color="font.secondary">
        Key: {keyParts.map((part) => `${part.name} (${part.type})`).join(' + ')}
        {indexes.length > 0 && ` · indexes: ${indexes.join(', ')}`}
        {table.StreamSpecification?.StreamEnabled && ` · stream: ${table.StreamSpecification.StreamViewType}`}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void loadPage(undefined, true);
        }}
      >
        <Flex wrap="wrap" gap="small" alignItems="flex-end">
          <SelectField label="Operation" value={mode} onChange={(event) => setMode(event.target.value as 'scan' | 'query')} size="small">
            <option value="scan">Scan</option>
            <option value="query">Query</option>
          </SelectField>
          <SelectField label="Index" value={indexName} onChange={(event) => setIndexName(event.target.value)} size="small">
            <option value="">Table</option>
            {indexes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </SelectField>
          {mode === 'query' && (
            <>
              <TextField label={`${indexKeys.partition.name} =`} value={partitionValue} onChange={(event) => setPartitionValue(event.target.value)} size="small" />
              {indexKeys.sort && (
                <>
                  <SelectField label={`${indexKeys.sort.name}`} value={sortOperator} onChange={(event) => setSortOperator(event.target.value as (typeof SORT_OPERATORS)[number])} size="small">
                    {SORT_OPERATORS.map((operator) => (
                      <option key={operator} value={operator}>
                        {operator}
                      </option>
                    ))}
                  </SelectField>
                  <TextField label="Sort key value" value={sortValue} onChange={(event) => setSortValue(event.target.value)} size="small" />
                  {sortOperator === 'between' && <TextField label="and" value={sortValue2} onChange={(event) => setSortValue2(event.target.value)} size="small" />}
                </>
              )}
            </>
          )}
          <TextField label="Filter expression" placeholder="#status = :s" value={filter} onChange={(event) => setFilter(event.target.value)} size="small" />
          <TextField label="Filter values (JSON)" placeholder='{":s": "OPEN"}' value={filterValues} onChange={(event) => setFilterValues(event.target.value)} size="small" />
          <Button type="submit" size="small" variation="primary" isLoading={loading && items.length === 0}>
            Run
          </Button>
          <Button
            size="small"
            onClick={() => {
              setSelected(undefined);
              setSaveError(undefined);
              setEditor({ text: JSON.stringify(Object.fromEntries(keyParts.map((part) => [part.name, part.type === 'N' ? 0 : ''])), null, 2), setAttributes: [], isNew: true });
            }}
          >
            New item
          </Button>
        </Flex>
      </form>
      <ErrorNote error={listError} />
      <div className="console-split">
        <VirtualTable
          label={`Items of ${table.TableName}`}
          rows={items}
          columns={columns}
          rowKey={keyString}
          selectedKey={selected}
          onSelect={select}
          hasMore={lastKey !== undefined}
          loading={loading}
          onEndReached={() => void loadPage(lastKey, false)}
        />
        {editor && (
          <Flex direction="column" gap="small">
            <JsonEditor label={editor.isNew ? 'New item' : 'Item'} value={editor.text} onChange={(text) => setEditor({ ...editor, text })} problems={problems} rows={18} />
            {editor.setAttributes.length > 0 && (
              <Text fontSize="small" color="font.secondary">
                {editor.setAttributes.join(', ')}: sets, shown as arrays and saved as sets.
              </Text>
            )}
            <Flex gap="small">
              <Button variation="primary" onClick={() => void save()} isDisabled={!parsed?.ok || problems.length > 0} isLoading={saving}>
                Save item
              </Button>
              {!editor.isNew && (
                <Button variation="destructive" onClick={() => void remove()} isDisabled={!parsed?.ok || problems.length > 0 || saving}>
                  Delete item
                </Button>
              )}
            </Flex>
            <ErrorNote error={saveError} />
            {saved && (
              <Text fontSize="small" role="status">
                {saved}
              </Text>
            )}
          </Flex>
        )}
      </div>
    </Flex>
  );
}
