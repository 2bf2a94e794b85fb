/**
 * The event-bus operations: CreateEventBus, DescribeEventBus, ListEventBuses, DeleteEventBus.
 * Buses made here are kept in the state store; the default bus always exists and cannot go.
 */
import type {
  CreateEventBusRequest,
  CreateEventBusResponse,
  DeleteEventBusRequest,
  DescribeEventBusRequest,
  DescribeEventBusResponse,
  EventBus,
  ListEventBusesRequest,
  ListEventBusesResponse,
} from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { busArn, busNameOf, DEFAULT_BUS } from '../names';
import type { BusRecord } from '../types';
import { BUS_NAME, BUS_NAME_OR_ARN, DESCRIPTION, LIMIT, NEXT_TOKEN } from './members';
import { busOf, page } from './rule-lookup';

const busOutput = (bus: BusRecord): EventBus & { CreationTime: Date } => ({
  Name: bus.name,
  Arn: bus.arn,
  ...(bus.description !== undefined && { Description: bus.description }),
  CreationTime: new Date(bus.createdAt),
});

export const createEventBus = defineOperation<CreateEventBusRequest, CreateEventBusResponse, EventsCall>({
  name: 'CreateEventBus',
  input: {
    type: 'structure',
    members: {
      Name: { ...BUS_NAME, required: true },
      EventSourceName: { type: 'string', min: 1, max: 256 },
      Description: DESCRIPTION,
      KmsKeyIdentifier: { type: 'string', max: 2048 },
      DeadLetterConfig: { type: 'structure', members: { Arn: { type: 'string', min: 1, max: 1600 } } },
      LogConfig: { type: 'structure', members: { IncludeDetail: { type: 'string', enum: ['NONE', 'FULL'] }, Level: { type: 'string', enum: ['OFF', 'ERROR', 'INFO', 'TRACE'] } } },
      Tags: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string', min: 1, max: 128, required: true }, Value: { type: 'string', max: 256, required: true } } } },
    },
  },
  async handle(input, call) {
    const arn = busArn(input.Name);
    call.authorize(arn);
    if (input.EventSourceName !== undefined) throw EventsErrors.validation('Partner event sources do not exist locally: only custom event buses can be created.');
    if (input.Name === DEFAULT_BUS || input.Name.includes('/')) throw EventsErrors.validation(`Event bus name ${input.Name} is not valid.`);
    if (call.store.bus(input.Name)) throw EventsErrors.busExists(arn);
    await call.store.buses.put(input.Name, { name: input.Name, arn, description: input.Description, createdAt: call.now(), origin: 'api' });
    return { EventBusArn: arn, ...(input.Description !== undefined && { Description: input.Description }) };
  },
});

export const describeEventBus = defineOperation<DescribeEventBusRequest, DescribeEventBusResponse, EventsCall>({
  name: 'DescribeEventBus',
  input: { type: 'structure', members: { Name: BUS_NAME_OR_ARN } },
  handle(input, call) {
    const bus = busOf(call, input.Name);
    call.authorize(bus.arn);
    return busOutput(bus);
  },
});

export const listEventBuses = defineOperation<ListEventBusesRequest, ListEventBusesResponse, EventsCall>({
  name: 'ListEventBuses',
  input: { type: 'structure', members: { NamePrefix: BUS_NAME, NextToken: NEXT_TOKEN, Limit: LIMIT } },
  handle(input, call) {
    call.authorize(busArn('*'));
    const buses = [...call.store.buses.values()].filter((bus) => input.NamePrefix === undefined || bus.name.startsWith(input.NamePrefix)).sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(buses, input.NextToken, input.Limit);
    return { EventBuses: items.map(busOutput), ...(next && { NextToken: next }) };
  },
});

/** Deleting a bus that does not exist succeeds; the default bus cannot be deleted. */
export const deleteEventBus = defineOperation<DeleteEventBusRequest, Record<string, never>, EventsCall>({
  name: 'DeleteEventBus',
  input: { type: 'structure', members: { Name: { ...BUS_NAME, required: true } } },
  async handle(input, call) {
    const name = busNameOf(input.Name);
    call.authorize(busArn(name));
    if (name === DEFAULT_BUS) throw EventsErrors.validation('Cannot delete event bus default.');
    for (const rule of call.store.rulesOf(name)) {
      await call.store.deleteRule(name, rule.name);
      await call.ruleChanged(rule.arn, undefined);
    }
    await call.store.buses.delete(name);
    return {};
  },
});
