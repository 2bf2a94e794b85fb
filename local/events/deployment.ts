/**
 * The assembly's EventBridge resources, deployed into the store at every start as a deployment
 * would: buses, rules with their targets, archives; connections and API destinations (held in
 * memory, their secrets never written). What cannot run is named and left out, alone.
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import type { AssemblyResource, CloudAssembly } from '../assembly';
import { isLoopbackUrl } from '../delivery';
import { compilePattern, PatternSyntaxError } from '../patterns';
import type { Logger } from '../reporter';
import { parseScheduleExpression, ScheduleExpressionError } from '../scheduler';
import { archiveArn, busArn, busNameOf, DEFAULT_BUS, ruleArn, ruleKey } from './names';
import type { EventsStore } from './store';
import type { ApiDestination } from './targets';
import { targetKind } from './targets';
import type { RuleRecord } from './types';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const patternText = (value: unknown) => (value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value));

export interface Deployment {
  apiDestinations: Map<string, ApiDestination>;
  /** `<logical id> (why)` of what does not run. */
  notRun: string[];
}

/** Connections' authorization as EventBridge adds it to each request. */
function connectionSettings(properties: Record<string, unknown>): Pick<ApiDestination, 'headers' | 'query' | 'unsupported'> {
  const auth = (properties.AuthParameters ?? {}) as {
    ApiKeyAuthParameters?: { ApiKeyName?: string; ApiKeyValue?: string };
    BasicAuthParameters?: { Username?: string; Password?: string };
    InvocationHttpParameters?: { HeaderParameters?: { Key: string; Value: string }[]; QueryStringParameters?: { Key: string; Value: string }[] };
  };
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const { Key, Value } of auth.InvocationHttpParameters?.HeaderParameters ?? []) headers[Key.toLowerCase()] = Value;
  for (const { Key, Value } of auth.InvocationHttpParameters?.QueryStringParameters ?? []) query[Key] = Value;
  switch (properties.AuthorizationType) {
    case 'API_KEY':
      headers[String(auth.ApiKeyAuthParameters?.ApiKeyName).toLowerCase()] = String(auth.ApiKeyAuthParameters?.ApiKeyValue ?? '');
      return { headers, query };
    case 'BASIC':
      headers.authorization = `Basic ${Buffer.from(`${auth.BasicAuthParameters?.Username}:${auth.BasicAuthParameters?.Password}`).toString('base64')}`;
      return { headers, query };
    default:
      return { headers, query, unsupported: `connection authorization ${String(properties.AuthorizationType)} (OAuth client credentials) is not implemented locally` };
  }
}

function readRule(resource: AssemblyResource, busNames: ReadonlySet<string>): RuleRecord {
  const p = resource.properties();
  const busName = busNameOf(text(p.EventBusName));
  if (!busNames.has(busName)) throw new Error(`its bus ${busName} is not in the assembly`);
  const ref = resource.ref();
  const name = ref.includes('|') ? ref.slice(ref.indexOf('|') + 1) : ref;
  const eventPattern = patternText(p.EventPattern);
  const scheduleExpression = text(p.ScheduleExpression);
  if (eventPattern !== undefined) compilePattern(eventPattern);
  if (scheduleExpression !== undefined) parseScheduleExpression(scheduleExpression, 'events');
  if (eventPattern === undefined && scheduleExpression === undefined) throw new Error('it has neither EventPattern nor ScheduleExpression');
  return {
    name,
    busName,
    arn: ruleArn(busName, name),
    eventPattern,
    scheduleExpression,
    state: (text(p.State) ?? 'ENABLED') as RuleRecord['state'],
    description: text(p.Description),
    roleArn: text(p.RoleArn),
    targets: ((p.Targets ?? []) as Target[]).map((target) => ({ ...target, Input: patternText(target.Input) })),
    origin: 'assembly',
  };
}

/** Deploys the assembly's EventBridge resources into the store, replacing what an earlier start deployed. */
export async function deployAssembly(assembly: CloudAssembly, store: EventsStore, log: Logger): Promise<Deployment> {
  const notRun: string[] = [];
  const refuse = (resource: AssemblyResource, why: string) => {
    notRun.push(`${resource.logicalId} (${why})`);
    log.error(`${resource.type} ${resource.logicalId}: ${why}; it does not run (AWS would refuse to deploy it)`);
  };

  const busNames = new Set([DEFAULT_BUS]);
  for (const resource of assembly.ofType('AWS::Events::EventBus')) {
    const p = resource.properties();
    if (text(p.EventSourceName)) {
      notRun.push(`${resource.logicalId} (a partner event bus: partner event sources do not exist locally)`);
      continue;
    }
    const name = resource.ref();
    busNames.add(name);
    await store.buses.put(name, { name, arn: busArn(name), description: text(p.Description), createdAt: store.bus(name)?.createdAt ?? Date.now(), origin: 'assembly' });
  }

  const ruleKeys = new Set<string>();
  for (const resource of assembly.ofType('AWS::Events::Rule')) {
    try {
      const rule = readRule(resource, busNames);
      for (const target of rule.targets) {
        if (!targetKind(String(target.Arn))) notRun.push(`${resource.logicalId} target ${target.Id} (${target.Arn}: that kind of target is not run locally)`);
      }
      ruleKeys.add(ruleKey(rule.busName, rule.name));
      await store.putRule(rule);
    } catch (error) {
      const reason = error instanceof PatternSyntaxError ? `Event pattern is not valid. Reason: ${error.message}` : (error as Error).message;
      if (error instanceof PatternSyntaxError || error instanceof ScheduleExpressionError || error instanceof Error) refuse(resource, reason);
    }
  }

  const archiveNames = new Set<string>();
  for (const resource of assembly.ofType('AWS::Events::Archive')) {
    const p = resource.properties();
    const name = resource.ref();
    try {
      const eventPattern = patternText(p.EventPattern);
      if (eventPattern !== undefined) compilePattern(eventPattern);
      archiveNames.add(name);
      await store.archives.put(name, {
        name,
        arn: archiveArn(name),
        sourceArn: String(p.SourceArn),
        eventPattern,
        description: text(p.Description),
        retentionDays: Number(p.RetentionDays ?? 0),
        state: 'ENABLED',
        createdAt: store.archives.get(name)?.createdAt ?? Date.now(),
        origin: 'assembly',
      });
    } catch (error) {
      refuse(resource, error instanceof PatternSyntaxError ? `Event pattern is not valid. Reason: ${error.message}` : (error as Error).message);
    }
  }

  // What an earlier start deployed and the assembly no longer holds goes, as a deployment removes it.
  for (const [key, rule] of [...store.rules.entries()]) if (rule.origin === 'assembly' && !ruleKeys.has(key)) await store.deleteRule(rule.busName, rule.name);
  for (const [name, archive] of [...store.archives.entries()]) if (archive.origin === 'assembly' && !archiveNames.has(name)) await store.archives.delete(name);
  for (const [name, bus] of [...store.buses.entries()]) if (bus.origin === 'assembly' && name !== DEFAULT_BUS && !busNames.has(name)) await store.buses.delete(name);

  const connections = new Map<string, { properties: Record<string, unknown> }>();
  for (const resource of assembly.ofType('AWS::Events::Connection')) connections.set(String(resource.getAtt('Arn')), { properties: resource.properties() });
  const apiDestinations = new Map<string, ApiDestination>();
  for (const resource of assembly.ofType('AWS::Events::ApiDestination')) {
    const p = resource.properties();
    const endpoint = String(p.InvocationEndpoint);
    const connection = connections.get(String(p.ConnectionArn));
    if (!isLoopbackUrl(endpoint.replace(/\*/g, 'x'))) {
      refuse(resource, `its endpoint ${endpoint} is not on this machine: the local cloud calls only loopback addresses`);
      continue;
    }
    if (!connection) {
      refuse(resource, `its connection ${String(p.ConnectionArn)} is not in the assembly`);
      continue;
    }
    const arn = String(resource.getAtt('Arn'));
    apiDestinations.set(arn, { arn, name: resource.ref(), endpoint, method: String(p.HttpMethod ?? 'POST'), ...connectionSettings(connection.properties) });
  }
  return { apiDestinations, notRun };
}
