/**
 * One table of resolver cases, each written twice — as a VTL mapping template and
 * as the equivalent APPSYNC_JS handler — with the one answer both must give.
 * `runtimes.test.ts` drives every case through both runtimes by the
 * ResolverRuntime interface alone. Where the two languages cannot agree, the case
 * says which runtime answers otherwise and why (collected in SKIPS.md).
 */
import type { AppSyncResolverError, ExtensionEffects, ResolverContext } from '../../../local/appsync/runtime/types';

export type RuntimeName = 'VTL' | 'APPSYNC_JS';

export interface ConformanceCase {
  name: string;
  /** Which handler runs (default: response, whose value is the field's). */
  phase?: 'request' | 'response';
  /** Context overrides (a signed-in user pool caller otherwise). */
  context?: Partial<ResolverContext>;
  /** The VTL template. */
  vtl: string;
  /** The body of the JS handler (`ctx` in scope, `util`, `runtime`, `extensions`, `ddb` imported), or a whole module. */
  js: string;
  expect: {
    /** The evaluation's value; a function asserts it (for generated ids). */
    value?: unknown | ((value: unknown) => void);
    returned?: boolean;
    effects?: ExtensionEffects;
    /** A TemplateError (util.error, unauthorized) with exactly this error. */
    error?: AppSyncResolverError;
    /** A TemplateRuntimeError whose message matches. */
    runtimeError?: RegExp;
    /** The stash after the evaluation. */
    stash?: Record<string, unknown>;
    /** The appended errors after the evaluation. */
    outErrors?: AppSyncResolverError[];
  };
  /**
   * A runtime whose language gives another answer, asserted for that runtime instead of
   * `expect.value`, and why (see SKIPS.md). Nothing is skipped.
   */
  diverges?: Partial<Record<RuntimeName, { value: unknown; why: string }>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function matching(pattern: RegExp) {
  return (value: unknown) => {
    if (typeof value !== 'string' || !pattern.test(value)) throw new Error(`${JSON.stringify(value)} does not match ${pattern}`);
  };
}

const ITEM = { id: 'i1', title: 'Disk full', severity: 'SEV2', count: 3, tags: ['db', 'disk'], meta: { region: 'eu' }, resolved: false };

export const CASES: ConformanceCase[] = [
  // ------------------------------------------------------------ $util: ids and encodings
  { name: 'autoId is a v4 UUID', vtl: '$util.toJson($util.autoId())', js: 'return util.autoId();', expect: { value: matching(UUID) } },
  { name: 'autoUlid is a ULID', vtl: '$util.toJson($util.autoUlid())', js: 'return util.autoUlid();', expect: { value: matching(/^01C5[0-9A-HJKMNP-TV-Z]{22}$/) } },
  { name: 'autoKsuid is a KSUID', vtl: '$util.toJson($util.autoKsuid())', js: 'return util.autoKsuid();', expect: { value: matching(/^[0-9A-Za-z]{27}$/) } },
  { name: 'urlEncode / urlDecode', vtl: '$util.toJson([$util.urlEncode("a b&c/é"), $util.urlDecode("a+b%26c")])', js: 'return [util.urlEncode("a b&c/é"), util.urlDecode("a+b%26c")];', expect: { value: ['a+b%26c%2F%C3%A9', 'a b&c'] } },
  { name: 'base64Encode / base64Decode', vtl: '$util.toJson([$util.base64Encode("héllo"), $util.base64Decode("aMOpbGxv")])', js: 'return [util.base64Encode("héllo"), util.base64Decode("aMOpbGxv")];', expect: { value: ['aMOpbGxv', 'héllo'] } },
  { name: 'escapeJavaScript', context: { arguments: { s: 'it\'s "x"/\n' } }, vtl: '$util.toJson($util.escapeJavaScript($ctx.args.s))', js: 'return util.escapeJavaScript(ctx.args.s);', expect: { value: 'it\\\'s \\"x\\"\\/\\n' } },
  { name: 'matches (Java regex, whole input)', vtl: '$util.toJson([$util.matches("a*b", "aaab"), $util.matches("a*b", "aaabc")])', js: 'return [util.matches("a*b", "aaab"), util.matches("a*b", "aaabc")];', expect: { value: [true, false] } },
  { name: 'authType for an API key caller', context: { authType: 'API Key Authorization', identity: null }, vtl: '$util.toJson($util.authType())', js: 'return util.authType();', expect: { value: 'API Key Authorization' } },

  // ------------------------------------------------------------ $util.time
  { name: 'time.nowISO8601 / nowEpochSeconds / nowEpochMilliSeconds', vtl: '$util.toJson([$util.time.nowISO8601(), $util.time.nowEpochSeconds(), $util.time.nowEpochMilliSeconds()])', js: 'return [util.time.nowISO8601(), util.time.nowEpochSeconds(), util.time.nowEpochMilliSeconds()];', expect: { value: ['2018-02-06T19:01:35.749Z', 1517943695, 1517943695749] } },
  { name: 'time.nowFormatted in a zone', vtl: '$util.toJson($util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Perth"))', js: 'return util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Perth");', expect: { value: '2018-02-07 03:01:35+0800' } },
  { name: 'time.parseFormattedToEpochMilliSeconds', vtl: '$util.toJson($util.time.parseFormattedToEpochMilliSeconds("2018-02-01 17:56:32", "yyyy-MM-dd HH:mm:ss", "+08:00"))', js: 'return util.time.parseFormattedToEpochMilliSeconds("2018-02-01 17:56:32", "yyyy-MM-dd HH:mm:ss", "+08:00");', expect: { value: 1517478992000 } },
  { name: 'time.parseISO8601ToEpochMilliSeconds', vtl: '$util.toJson($util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:57:47.836Z"))', js: 'return util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:57:47.836Z");', expect: { value: 1517507867836 } },
  { name: 'time.epochMilliSecondsTo*', vtl: '$util.toJson([$util.time.epochMilliSecondsToSeconds(1517943695750), $util.time.epochMilliSecondsToISO8601(1517943695750), $util.time.epochMilliSecondsToFormatted(1517943695750, "yyyy-MM-dd HH:mm:ssZ", "+08:00")])', js: 'return [util.time.epochMilliSecondsToSeconds(1517943695750), util.time.epochMilliSecondsToISO8601(1517943695750), util.time.epochMilliSecondsToFormatted(1517943695750, "yyyy-MM-dd HH:mm:ssZ", "+08:00")];', expect: { value: [1517943695, '2018-02-06T19:01:35.750Z', '2018-02-07 03:01:35+0800'] } },
  { name: 'time: text that does not match its pattern fails the field', vtl: '$util.time.parseFormattedToEpochMilliSeconds("nope", "yyyy")', js: 'return util.time.parseFormattedToEpochMilliSeconds("nope", "yyyy");', expect: { runtimeError: /Text 'nope' could not be parsed with pattern 'yyyy'/ } },

  // ------------------------------------------------------------ $util.str and $util.math
  { name: 'str.toUpper / toLower / toReplace / normalize', vtl: '$util.toJson([$util.str.toUpper("ab"), $util.str.toLower("AB"), $util.str.toReplace("a.b.c", ".", "-"), $util.str.normalize("e\u0301", "nfc")])', js: 'return [util.str.toUpper("ab"), util.str.toLower("AB"), util.str.toReplace("a.b.c", ".", "-"), util.str.normalize("e\u0301", "nfc")];', expect: { value: ['AB', 'ab', 'a-b-c', 'é'] } },
  { name: 'math.roundNum / minVal / maxVal', vtl: '$util.toJson([$util.math.roundNum(2.5), $util.math.minVal(1.5, 4), $util.math.maxVal(1.5, 4.25)])', js: 'return [util.math.roundNum(2.5), util.math.minVal(1.5, 4), util.math.maxVal(1.5, 4.25)];', expect: { value: [3, 1.5, 4.25] } },
  { name: 'math.randomWithinRange stays within its bounds', vtl: '#set($r = $util.math.randomWithinRange(3, 4))#set($within = $r >= 3 && $r <= 4)$util.toJson($within)', js: 'const r = util.math.randomWithinRange(3, 4); return r >= 3 && r <= 4;', expect: { value: true } },

  // ------------------------------------------------------------ $util.dynamodb
  { name: 'dynamodb.toDynamoDB of each kind', vtl: '$util.toJson($util.dynamodb.toDynamoDB({"s": "a", "n": 1, "b": true, "z": $util.dynamodb.toNull().NULL, "l": [1, "x"], "m": {"k": "v"}}))', js: 'return util.dynamodb.toDynamoDB({ s: "a", n: 1, b: true, z: null, l: [1, "x"], m: { k: "v" } });', expect: { value: { M: { s: { S: 'a' }, n: { N: 1 }, b: { BOOL: true }, z: { NULL: true }, l: { L: [{ N: 1 }, { S: 'x' }] }, m: { M: { k: { S: 'v' } } } } } } },
  { name: 'dynamodb.toMapValues of an item', context: { arguments: { input: ITEM } }, vtl: '$util.toJson($util.dynamodb.toMapValues($ctx.args.input))', js: 'return util.dynamodb.toMapValues(ctx.args.input);', expect: { value: { id: { S: 'i1' }, title: { S: 'Disk full' }, severity: { S: 'SEV2' }, count: { N: 3 }, tags: { L: [{ S: 'db' }, { S: 'disk' }] }, meta: { M: { region: { S: 'eu' } } }, resolved: { BOOL: false } } } },
  // Explicit nulls (`commander: null` in an input) convert to DynamoDB's null, `{ "NULL": true }`; toNull() alone is `{ "NULL": null }` as AWS documents it (the data source sends it as `{ "NULL": true }`).
  { name: 'dynamodb explicit nulls: toNull, toMapValues of an input with a null', context: { arguments: { input: { id: 'i1', commander: null } } }, vtl: '$util.toJson([$util.dynamodb.toNull(), $util.dynamodb.toMapValues($ctx.args.input), $util.dynamodb.toDynamoDB($ctx.args.input.commander)])', js: 'return [util.dynamodb.toNull(), util.dynamodb.toMapValues(ctx.args.input), util.dynamodb.toDynamoDB(ctx.args.input.commander)];', expect: { value: [{ NULL: null }, { id: { S: 'i1' }, commander: { NULL: true } }, { NULL: true }] } },
  { name: 'PutItem request with an explicit null', phase: 'request', context: { arguments: { input: { id: 'i1', commander: null } } }, vtl: '{ "version": "2018-05-29", "operation": "PutItem", "key": { "id": $util.dynamodb.toDynamoDBJson($ctx.args.input.id) }, "attributeValues": $util.dynamodb.toMapValuesJson({"commander": $ctx.args.input.commander}) }', js: 'return ddb.put({ key: { id: ctx.args.input.id }, item: { commander: ctx.args.input.commander } });', expect: { value: { operation: 'PutItem', key: { id: { S: 'i1' } }, attributeValues: { commander: { NULL: true } } } } },
  { name: 'dynamodb typed helpers', vtl: '$util.toJson([$util.dynamodb.toString("a"), $util.dynamodb.toStringSet(["a"]), $util.dynamodb.toNumber(2), $util.dynamodb.toNumberSet([1]), $util.dynamodb.toBinary("AQ=="), $util.dynamodb.toBinarySet(["AQ=="]), $util.dynamodb.toBoolean(true), $util.dynamodb.toList([1]), $util.dynamodb.toMap({"a": 1})])', js: 'return [util.dynamodb.toString("a"), util.dynamodb.toStringSet(["a"]), util.dynamodb.toNumber(2), util.dynamodb.toNumberSet([1]), util.dynamodb.toBinary("AQ=="), util.dynamodb.toBinarySet(["AQ=="]), util.dynamodb.toBoolean(true), util.dynamodb.toList([1]), util.dynamodb.toMap({ a: 1 })];', expect: { value: [{ S: 'a' }, { SS: ['a'] }, { N: 2 }, { NS: [1] }, { B: 'AQ==' }, { BS: ['AQ=='] }, { BOOL: true }, { L: [{ N: 1 }] }, { M: { a: { N: 1 } } }] } },
  { name: 'dynamodb.toS3Object / fromS3ObjectJson', vtl: '#set($o = $util.dynamodb.toS3Object("k", "b", "r"))$util.toJson([$o, $util.dynamodb.fromS3ObjectJson($o.S)])', js: 'const o = util.dynamodb.toS3Object("k", "b", "r"); return [o, util.dynamodb.fromS3ObjectJson(o.S)];', expect: { value: [{ S: '{"s3":{"key":"k","bucket":"b","region":"r"}}' }, { key: 'k', bucket: 'b', region: 'r' }] } },
  { name: 'fromS3ObjectJson of a string that is no S3 object is null', vtl: '$util.toJson([$util.dynamodb.fromS3ObjectJson("sub::alice"), $util.dynamodb.fromS3ObjectJson("{}")])', js: 'return [util.dynamodb.fromS3ObjectJson("sub::alice"), util.dynamodb.fromS3ObjectJson("{}")];', expect: { value: [null, null] } },

  // ------------------------------------------------------------ $util.transform
  { name: 'toDynamoDBFilterExpression', context: { arguments: { filter: { title: { contains: 'Disk' }, or: [{ severity: { eq: 'SEV1' } }, { severity: { eq: 'SEV2' } }] } } }, vtl: '$util.transform.toDynamoDBFilterExpression($ctx.args.filter)', js: 'return JSON.parse(util.transform.toDynamoDBFilterExpression(ctx.args.filter));', expect: { value: { expression: '(contains(#title, :title_contains)) AND ((#severity = :or_0_severity_eq) OR (#severity = :or_1_severity_eq))', expressionNames: { '#title': 'title', '#severity': 'severity' }, expressionValues: { ':title_contains': { S: 'Disk' }, ':or_0_severity_eq': { S: 'SEV1' }, ':or_1_severity_eq': { S: 'SEV2' } } } } },
  { name: 'toDynamoDBConditionExpression keeps its values', vtl: '$util.transform.toDynamoDBConditionExpression({"version": {"eq": 2}, "id": {"attributeExists": true}})', js: 'return JSON.parse(util.transform.toDynamoDBConditionExpression({ version: { eq: 2 }, id: { attributeExists: true } }));', expect: { value: { expression: '(#version = :version_eq) AND (attribute_exists(#id))', expressionNames: { '#version': 'version', '#id': 'id' }, expressionValues: { ':version_eq': { N: 2 } } } } },
  { name: 'toSubscriptionFilter and extensions.setSubscriptionFilter', context: { arguments: { serviceId: 's1' } }, vtl: '$extensions.setSubscriptionFilter($util.transform.toSubscriptionFilter({"serviceId": {"eq": $ctx.args.serviceId}}))\n$util.toJson(null)', js: 'extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ serviceId: { eq: ctx.args.serviceId } })); return null;', expect: { value: null, effects: { subscriptionFilters: [{ filterGroup: [{ filters: [{ fieldName: 'serviceId', operator: 'eq', value: 's1' }] }] }] } } },
  { name: 'extensions.invalidateSubscriptions', vtl: '$extensions.invalidateSubscriptions({"subscriptionField": "onChange", "payload": {"id": "1"}})\n$util.toJson(true)', js: 'extensions.invalidateSubscriptions({ subscriptionField: "onChange", payload: { id: "1" } }); return true;', expect: { value: true, effects: { invalidations: [{ subscriptionField: 'onChange', payload: { id: '1' } }] } } },
  // AppSync's transform answers null for a filter it cannot process; Amplify's templates raise "Unrecognized Filter" on that.
  { name: 'a filter the transform cannot process: null, and the template raises Unrecognized Filter', context: { arguments: { filter: { createdAt: { between: ['2026-01-01'] } } } }, vtl: '#set($filterExpression = $util.parseJson($util.transform.toDynamoDBFilterExpression($ctx.args.filter)))#if($util.isNullOrEmpty($filterExpression))$util.error("Unable to process the filter expression", "Unrecognized Filter")#end$util.toJson($filterExpression)', js: 'const filterExpression = JSON.parse(util.transform.toDynamoDBFilterExpression(ctx.args.filter)); if (!filterExpression) { util.error("Unable to process the filter expression", "Unrecognized Filter"); } return filterExpression;', expect: { error: { message: 'Unable to process the filter expression', errorType: 'Unrecognized Filter' } } },
  { name: 'toElasticsearchQueryDSL fails loudly naming itself', vtl: '$util.transform.toElasticsearchQueryDSL({})', js: 'return util.transform.toElasticsearchQueryDSL({});', expect: { runtimeError: /toElasticsearchQueryDSL cannot run locally/ } },

  // ------------------------------------------------------------ DynamoDB request mappings (VTL by hand, JS with the helpers)
  { name: 'GetItem request', phase: 'request', context: { arguments: { id: 'i1' } }, vtl: '{ "version": "2018-05-29", "operation": "GetItem", "key": { "id": $util.dynamodb.toDynamoDBJson($ctx.args.id) } }', js: 'return ddb.get({ key: { id: ctx.args.id } });', expect: { value: { operation: 'GetItem', key: { id: { S: 'i1' } } } } },
  { name: 'PutItem request with a condition', phase: 'request', context: { arguments: { input: { id: 'i1', title: 'Disk full' } } }, vtl: '#set($condition = $util.parseJson($util.transform.toDynamoDBConditionExpression({"id": {"attributeExists": false}})))$util.qr($condition.remove("expressionValues"))\n{ "version": "2018-05-29", "operation": "PutItem", "key": { "id": $util.dynamodb.toDynamoDBJson($ctx.args.input.id) }, "attributeValues": $util.dynamodb.toMapValuesJson({"title": $ctx.args.input.title}), "condition": $util.toJson($condition) }', js: 'return ddb.put({ key: { id: ctx.args.input.id }, item: { title: ctx.args.input.title }, condition: { id: { attributeExists: false } } });', expect: { value: { operation: 'PutItem', key: { id: { S: 'i1' } }, attributeValues: { title: { S: 'Disk full' } }, condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' } } } } },
  { name: 'UpdateItem request: set, increment, remove', phase: 'request', context: { arguments: { id: 'i1' } }, vtl: '{ "version": "2018-05-29", "operation": "UpdateItem", "key": { "id": $util.dynamodb.toDynamoDBJson($ctx.args.id) }, "update": { "expression": "SET #expName_1 = :expValue_2, #expName_3 = #expName_3 + :expValue_4 REMOVE #expName_5", "expressionNames": { "#expName_1": "title", "#expName_3": "count", "#expName_5": "resolution" }, "expressionValues": { ":expValue_2": $util.dynamodb.toDynamoDBJson("New"), ":expValue_4": $util.dynamodb.toDynamoDBJson(1) } } }', js: 'return ddb.update({ key: { id: ctx.args.id }, update: { title: "New", count: ddb.operations.increment(1), resolution: ddb.operations.remove() } });', expect: { value: { operation: 'UpdateItem', key: { id: { S: 'i1' } }, update: { expression: 'SET #expName_1 = :expValue_2, #expName_3 = #expName_3 + :expValue_4 REMOVE #expName_5', expressionNames: { '#expName_1': 'title', '#expName_3': 'count', '#expName_5': 'resolution' }, expressionValues: { ':expValue_2': { S: 'New' }, ':expValue_4': { N: 1 } } } } } },
  { name: 'Query request on an index with a sort-key condition and a filter', phase: 'request', context: { arguments: { status: 'TRIGGERED', since: '2026-01-01', limit: 10 } }, vtl: '#set($filter = $util.parseJson($util.transform.toDynamoDBFilterExpression({"severity": {"eq": "SEV1"}})))\n{ "version": "2018-05-29", "operation": "Query", "index": "byStatus", "limit": $ctx.args.limit, "scanIndexForward": false, "query": { "expression": "#status = :status_eq AND #triggeredAt >= :triggeredAt_ge", "expressionNames": { "#status": "status", "#triggeredAt": "triggeredAt" }, "expressionValues": { ":status_eq": $util.dynamodb.toDynamoDBJson($ctx.args.status), ":triggeredAt_ge": $util.dynamodb.toDynamoDBJson($ctx.args.since) } }, "filter": $util.toJson($filter) }', js: 'return ddb.query({ index: "byStatus", limit: ctx.args.limit, scanIndexForward: false, query: { status: { eq: ctx.args.status }, triggeredAt: { ge: ctx.args.since } }, filter: { severity: { eq: "SEV1" } } });', expect: { value: { operation: 'Query', index: 'byStatus', limit: 10, scanIndexForward: false, query: { expression: '#status = :status_eq AND #triggeredAt >= :triggeredAt_ge', expressionNames: { '#status': 'status', '#triggeredAt': 'triggeredAt' }, expressionValues: { ':status_eq': { S: 'TRIGGERED' }, ':triggeredAt_ge': { S: '2026-01-01' } } }, filter: { expression: '(#severity = :severity_eq)', expressionNames: { '#severity': 'severity' }, expressionValues: { ':severity_eq': { S: 'SEV1' } } } } } },
  { name: 'Scan request with pagination', phase: 'request', context: { arguments: { limit: 5, nextToken: 'tok' } }, vtl: '{ "version": "2018-05-29", "operation": "Scan", "limit": $ctx.args.limit, "nextToken": $util.toJson($ctx.args.nextToken) }', js: 'return ddb.scan({ limit: ctx.args.limit, nextToken: ctx.args.nextToken });', expect: { value: { operation: 'Scan', limit: 5, nextToken: 'tok' } } },
  { name: 'DeleteItem request', phase: 'request', context: { arguments: { id: 'i1' } }, vtl: '{ "version": "2018-05-29", "operation": "DeleteItem", "key": $util.dynamodb.toMapValuesJson({"id": $ctx.args.id}) }', js: 'return ddb.remove({ key: { id: ctx.args.id } });', expect: { value: { operation: 'DeleteItem', key: { id: { S: 'i1' } } } } },
  { name: 'BatchGetItem request', phase: 'request', vtl: '{ "version": "2018-05-29", "operation": "BatchGetItem", "tables": { "Incident": { "keys": [$util.dynamodb.toMapValuesJson({"id": "a"}), $util.dynamodb.toMapValuesJson({"id": "b"})] } } }', js: 'return ddb.batchGet({ tables: { Incident: { keys: [{ id: "a" }, { id: "b" }] } } });', expect: { value: { operation: 'BatchGetItem', tables: { Incident: { keys: [{ id: { S: 'a' } }, { id: { S: 'b' } }] } } } } },
  { name: 'TransactWriteItems request', phase: 'request', vtl: '{ "version": "2018-05-29", "operation": "TransactWriteItems", "transactItems": [ { "table": "Incident", "operation": "PutItem", "key": $util.dynamodb.toMapValuesJson({"id": "a"}), "attributeValues": $util.dynamodb.toMapValuesJson({"n": 1}) }, { "table": "Incident", "operation": "DeleteItem", "key": $util.dynamodb.toMapValuesJson({"id": "b"}) } ] }', js: 'return ddb.transactWrite({ items: [{ table: "Incident", operation: "PutItem", key: { id: "a" }, item: { n: 1 } }, { table: "Incident", operation: "DeleteItem", key: { id: "b" } }] });', expect: { value: { operation: 'TransactWriteItems', transactItems: [{ table: 'Incident', operation: 'PutItem', key: { id: { S: 'a' } }, attributeValues: { n: { N: 1 } } }, { table: 'Incident', operation: 'DeleteItem', key: { id: { S: 'b' } } }] } } },

  // ------------------------------------------------------------ DynamoDB response mappings
  { name: 'a GetItem result passes through', context: { result: ITEM }, vtl: '$util.toJson($ctx.result)', js: 'return ctx.result;', expect: { value: ITEM } },
  { name: 'a Query result maps to a connection', context: { result: { items: [ITEM], nextToken: 'n2', scannedCount: 1 } }, vtl: '$util.toJson({"items": $ctx.result.items, "nextToken": $ctx.result.nextToken})', js: 'return { items: ctx.result.items, nextToken: ctx.result.nextToken };', expect: { value: { items: [ITEM], nextToken: 'n2' } } },
  { name: 'a data-source error is raised with its type', context: { result: null, error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' } }, vtl: '#if($ctx.error)$util.error($ctx.error.message, $ctx.error.type)#end$util.toJson($ctx.result)', js: 'if (ctx.error) { util.error(ctx.error.message, ctx.error.type); } return ctx.result;', expect: { error: { message: 'The conditional request failed', errorType: 'DynamoDB:ConditionalCheckFailedException' } } },

  // ------------------------------------------------------------ errors
  { name: 'util.error with type, data and errorInfo', vtl: '$util.error("Invalid input", "ValidationError", {"field": "title"}, {"hint": "shorter"})', js: 'util.error("Invalid input", "ValidationError", { field: "title" }, { hint: "shorter" });', expect: { error: { message: 'Invalid input', errorType: 'ValidationError', data: { field: 'title' }, errorInfo: { hint: 'shorter' } } } },
  { name: 'util.appendError lets the value through', vtl: '$util.appendError("Partial", "Warning")$util.toJson("value")', js: 'util.appendError("Partial", "Warning"); return "value";', expect: { value: 'value', outErrors: [{ message: 'Partial', errorType: 'Warning' }] } },
  { name: 'util.unauthorized denies the field', context: { info: { fieldName: 'secret', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '' } }, vtl: '$util.unauthorized()', js: 'util.unauthorized();', expect: { error: { message: 'Not Authorized to access secret on type Query', errorType: 'Unauthorized' } } },
  { name: 'an unknown util method fails loudly', vtl: '$util.noSuchHelper()', js: 'return util.noSuchHelper();', expect: { runtimeError: /noSuchHelper/ } },

  // ------------------------------------------------------------ early return
  { name: 'early return from a request skips the data source', phase: 'request', context: { arguments: { id: 'cached' } }, vtl: '#if($ctx.args.id == "cached")#return({"id": "cached", "hit": true})#end{ "version": "2018-05-29", "operation": "GetItem" }', js: 'if (ctx.args.id === "cached") { runtime.earlyReturn({ id: "cached", hit: true }); } return ddb.get({ key: { id: ctx.args.id } });', expect: { value: { id: 'cached', hit: true }, returned: true } },
  { name: 'early return from a response', vtl: '#return("early")\n$util.toJson("late")', js: 'runtime.earlyReturn("early"); return "late";', expect: { value: 'early', returned: true } },
  { name: 'early return without a value is null', phase: 'request', vtl: '#return\n{}', js: 'runtime.earlyReturn(); return {};', expect: { value: null, returned: true } },

  // ------------------------------------------------------------ context: stash, prev, source, identity, args
  { name: 'the stash carries values across the pipeline', context: { stash: { seen: ['before'] } }, vtl: '$util.qr($ctx.stash.seen.add("here"))$util.qr($ctx.stash.put("count", $ctx.stash.seen.size()))$util.toJson($ctx.stash.count)', js: 'ctx.stash.seen.push("here"); ctx.stash.count = ctx.stash.seen.length; return ctx.stash.count;', expect: { value: 2, stash: { seen: ['before', 'here'], count: 2 } } },
  { name: 'prev.result, source and arguments', context: { prev: { result: { id: 'p' } }, source: { serviceId: 's1' }, arguments: { limit: 3 } }, vtl: '$util.toJson([$ctx.prev.result.id, $ctx.source.serviceId, $ctx.arguments.limit, $context.args.limit])', js: 'return [ctx.prev.result.id, ctx.source.serviceId, ctx.arguments.limit, ctx.args.limit];', expect: { value: ['p', 's1', 3, 3] } },
  { name: 'the caller’s identity and claims', vtl: '$util.toJson([$ctx.identity.sub, $ctx.identity.username, $ctx.identity.claims.get("cognito:groups")])', js: 'return [ctx.identity.sub, ctx.identity.username, ctx.identity.claims["cognito:groups"]];', expect: { value: ['sub-1', 'alice', ['RESPONDERS']] } },
  { name: 'request headers and field info', vtl: '$util.toJson([$ctx.request.headers.host, $ctx.info.fieldName, $ctx.info.parentTypeName, $ctx.info.selectionSetList])', js: 'return [ctx.request.headers.host, ctx.info.fieldName, ctx.info.parentTypeName, ctx.info.selectionSetList];', expect: { value: ['localhost', 'getThing', 'Query', ['id']] } },

  // ------------------------------------------------------------ VTL-only helpers and their JS idioms
  { name: 'isNull / isNullOrEmpty / defaultIfNull (JS: ?? and checks)', context: { arguments: { empty: '', none: null } }, vtl: '$util.toJson([$util.isNull($ctx.args.none), $util.isNullOrEmpty($ctx.args.empty), $util.defaultIfNull($ctx.args.none, "d")])', js: 'return [ctx.args.none == null, ctx.args.empty == null || ctx.args.empty === "", ctx.args.none ?? "d"];', expect: { value: [true, true, 'd'] } },
  { name: 'list.copyAndRemoveAll / map.copyAndRetainAllKeys (JS: filter)', context: { arguments: { input: ITEM } }, vtl: '$util.toJson([$util.list.copyAndRemoveAll(["a", "b", "c"], ["b"]), $util.map.copyAndRetainAllKeys($ctx.args.input, ["id", "count"])])', js: 'return [["a", "b", "c"].filter((x) => x !== "b"), Object.fromEntries(Object.entries(ctx.args.input).filter(([k]) => ["id", "count"].includes(k)))];', expect: { value: [['a', 'c'], { id: 'i1', count: 3 }] } },
  { name: 'toJson / parseJson (JS: JSON)', vtl: '#set($text = $util.toJson({"a": [1, "x"]}))$util.toJson($util.parseJson($text))', js: 'const text = JSON.stringify({ a: [1, "x"] }); return JSON.parse(text);', expect: { value: { a: [1, 'x'] } } },

  // ------------------------------------------------------------ language semantics that differ (each runtime's own answer asserted)
  {
    name: 'division of integers',
    vtl: '#set($q = 5 / 2)$util.toJson($q)',
    js: 'return 5 / 2;',
    expect: { value: 2 },
    diverges: { APPSYNC_JS: { value: 2.5, why: 'JavaScript numbers have no integer type: 5 / 2 is 2.5 in APPSYNC_JS, as on AppSync; VTL (Java) divides integers as integers.' } },
  },
  {
    name: 'assigning null keeps the old value',
    vtl: '#set($x = "kept")#set($x = $ctx.args.none)$util.toJson($x)',
    js: 'let x = "kept"; x = ctx.args.none ?? x; return x;',
    expect: { value: 'kept' },
  },
  {
    name: 'a missing member read',
    context: { arguments: {} },
    vtl: '$util.toJson($ctx.args.missing)',
    js: 'return ctx.args.missing;',
    expect: { value: null },
  },
];
