/**
 * Delivers an event to one rule target, by the target's kind: Lambda functions (asynchronous
 * invocation), SQS queues, SNS topics, Step Functions state machines, other event buses, and API
 * destinations on this machine. Other services are reached in process through the service
 * registry; a failure is a DeliveryFailure that says whether retrying can help.
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import { accessDeniedMessage } from '../iam';
import type { IamService } from '../iam/types';
import { LambdaError } from '../lambda/errors';
import type { LambdaService } from '../lambda/types';
import { deliveryService, DeliveryFailure, sendHttp, type QueueService, type StateMachineService, type TopicService } from '../delivery';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import { LOOP_LIMIT, loopCount, passedThrough } from '../tracing';
import { targetInput } from './input';
import { busNameOf, eventTime } from './names';
import type { BusEvent, RuleRecord } from './types';

/** An `AWS::Events::ApiDestination` with its connection's settings. */
export interface ApiDestination {
  arn: string;
  name: string;
  endpoint: string;
  method: string;
  /** Headers and query parameters the connection adds (auth included). */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Set when the connection's authorization cannot be done locally: deliveries fail naming it. */
  unsupported?: string;
}

export interface TargetDelivery {
  rule: RuleRecord;
  target: Target;
  event: BusEvent;
  traceHeader?: string;
  /** Epoch ms when the event was taken in. */
  ingestedAt: number;
}

export interface TargetDispatcherOptions {
  services: ServiceRegistry;
  log: Logger;
  apiDestinations: ReadonlyMap<string, ApiDestination>;
  /** How long an API destination may take to answer (EventBridge waits 5 s). */
  httpTimeoutMs: number;
  /** Puts the event on another bus of this EventBridge. */
  forward(busName: string, event: BusEvent, traceHeader: string): Promise<void>;
}

/** What kind of target an ARN names. */
export function targetKind(arn: string): 'lambda' | 'sqs' | 'sns' | 'states' | 'event-bus' | 'api-destination' | undefined {
  if (/^arn:aws:lambda:[^:]+:\d{12}:function:/.test(arn)) return 'lambda';
  if (/^arn:aws:sqs:/.test(arn)) return 'sqs';
  if (/^arn:aws:sns:/.test(arn)) return 'sns';
  if (/^arn:aws:states:[^:]+:\d{12}:stateMachine:/.test(arn)) return 'states';
  if (/^arn:aws:events:[^:]+:\d{12}:event-bus\//.test(arn)) return 'event-bus';
  if (/^arn:aws:events:[^:]+:\d{12}:api-destination\//.test(arn)) return 'api-destination';
  return undefined;
}

/** API destinations retry these statuses; any other failure is final. */
const RETRIED_STATUSES = new Set([401, 407, 409, 429]);

export class TargetDispatcher {
  constructor(private readonly options: TargetDispatcherOptions) {}

  async deliver(delivery: TargetDelivery): Promise<void> {
    const { rule, target, event } = delivery;
    const arn = String(target.Arn);
    // A target that puts the event back on the bus its rule listens to comes round again: stop it.
    const rounds = loopCount(delivery.traceHeader, rule.arn);
    if (rounds >= LOOP_LIMIT) {
      throw new DeliveryFailure('LoopDetected', `event ${event.id} has come round rule ${rule.arn} ${rounds} times (its target ${arn} puts events back where the rule matches them); stopped, as AWS stops recursive loops`, false);
    }
    const onward = passedThrough(delivery.traceHeader, rule.arn);
    const input = targetInput(target, event, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime: eventTime(delivery.ingestedAt) });
    switch (targetKind(arn)) {
      case 'lambda':
        return this.invokeFunction(arn, input, rule, onward);
      case 'sqs': {
        const sqs = deliveryService<QueueService>(this.options.services, 'sqs', 'sendMessage', arn);
        await sqs.sendMessage(arn, { body: input, groupId: target.SqsParameters?.MessageGroupId, deduplicationId: arn.endsWith('.fifo') ? event.id : undefined, traceHeader: onward }, { service: 'events.amazonaws.com', sourceArn: rule.arn });
        return;
      }
      case 'sns': {
        const sns = deliveryService<TopicService>(this.options.services, 'sns', 'publish', arn);
        await sns.publish(arn, { message: input, traceHeader: onward, servicePrincipal: 'events.amazonaws.com', sourceArn: rule.arn, groupId: arn.endsWith('.fifo') ? target.SqsParameters?.MessageGroupId : undefined });
        return;
      }
      case 'states': {
        this.authorizeRole(target, 'states:StartExecution', arn);
        const states = deliveryService<StateMachineService>(this.options.services, 'stepfunctions', 'startExecution', arn);
        await states.startExecution(arn, input, { traceHeader: onward });
        return;
      }
      case 'event-bus':
        this.authorizeRole(target, 'events:PutEvents', arn);
        return this.options.forward(busNameOf(arn), event, onward);
      case 'api-destination':
        return this.callApiDestination(delivery, arn, input);
      default:
        throw new DeliveryFailure('UnsupportedTarget', `target ${arn}: only Lambda functions, SQS queues, SNS topics, Step Functions state machines, event buses and API destinations are run locally`, false);
    }
  }

  private async invokeFunction(arn: string, input: string, rule: RuleRecord, traceId: string): Promise<void> {
    const lambda = this.options.services.find<LambdaService>('lambda');
    if (!lambda) throw new DeliveryFailure('ServiceNotRunning', `no local Lambda service runs in this local cloud, so nothing can be delivered to ${arn}`, false);
    let payload: unknown;
    try {
      payload = JSON.parse(input);
    } catch {
      payload = input; // a text template's output reaches the function as a JSON string
    }
    try {
      await lambda.invoke(arn, payload, { invocationType: 'Event', source: `events rule ${rule.name}`, traceId });
    } catch (error) {
      if (error instanceof LambdaError) throw new DeliveryFailure(error.type, error.message, error.type === 'TooManyRequestsException' || error.statusCode >= 500);
      throw error;
    }
  }

  private async callApiDestination(delivery: TargetDelivery, arn: string, input: string): Promise<void> {
    const destination = this.options.apiDestinations.get(arn);
    if (!destination) throw new DeliveryFailure('ResourceNotFoundException', `API destination ${arn} does not exist`, false);
    if (destination.unsupported) throw new DeliveryFailure('UnsupportedConnection', `API destination ${destination.name}: ${destination.unsupported}`, false);
    this.authorizeRole(delivery.target, 'events:InvokeApiDestination', arn);
    const parameters = delivery.target.HttpParameters;
    const values = [...(parameters?.PathParameterValues ?? [])];
    // Each `*` of the endpoint takes the next path parameter value, as EventBridge fills them.
    const url = new URL(destination.endpoint.replace(/\*/g, () => encodeURIComponent(values.shift() ?? '')));
    for (const [key, value] of Object.entries({ ...destination.query, ...parameters?.QueryStringParameters })) url.searchParams.set(key, value);
    const answer = await sendHttp({
      url: url.toString(),
      method: destination.method,
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Amazon/EventBridge/ApiDestinations', ...parameters?.HeaderParameters, ...destination.headers },
      body: input,
      timeoutMs: this.options.httpTimeoutMs,
    });
    if (answer.status >= 200 && answer.status < 300) return;
    const retryable = answer.status >= 500 || RETRIED_STATUSES.has(answer.status);
    throw new DeliveryFailure(`HTTP ${answer.status}`, `API destination ${destination.name} answered ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ''}`, retryable);
  }

  /** A target that acts through a role (state machines, buses, API destinations): the role must allow it. */
  private authorizeRole(target: Target, action: string, resource: string): void {
    const iam = this.options.services.find<IamService>('iam');
    if (!iam || !target.RoleArn) return;
    let principal;
    try {
      principal = iam.principalOf(iam.issueRoleCredentials(target.RoleArn, { sessionName: 'events-target' }));
    } catch (error) {
      throw new DeliveryFailure('AccessDenied', `the target's role ${target.RoleArn} cannot be assumed (${(error as Error).message})`, false);
    }
    const request = { action, resource };
    const decision = iam.authorize(principal, request);
    if (!decision.allowed) throw new DeliveryFailure('AccessDenied', accessDeniedMessage(principal, request, decision), false);
  }
}
