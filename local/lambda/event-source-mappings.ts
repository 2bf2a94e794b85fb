import type { ServiceContext } from '../service';
import type { LambdaLocalService } from './service';

/** One `AWS::Lambda::EventSourceMapping` of the assembly, evaluated. */
export interface EventSourceMapping {
  logicalId: string;
  functionName: string;
  eventSourceArn: string;
  kind: 'dynamodb' | 'sqs' | 'kinesis' | 'other';
  enabled: boolean;
  properties: Record<string, unknown>;
}

function kindOf(arn: string): EventSourceMapping['kind'] {
  if (/^arn:aws:dynamodb:[^:]*:\d*:table\/[^/]+\/stream\//.test(arn)) return 'dynamodb';
  if (arn.startsWith('arn:aws:sqs:')) return 'sqs';
  if (arn.startsWith('arn:aws:kinesis:')) return 'kinesis';
  return 'other';
}

/**
 * Event-source mappings: Lambda polling a stream or queue and invoking the function
 * with batches. None runs yet: the local DynamoDB service has no stream subscription
 * to poll, and there is no local SQS. Each mapping is listed at start-up, loudly, so a
 * backend that relies on one knows.
 */
export class EventSourceMappings {
  private readonly mappings: EventSourceMapping[] = [];

  constructor(
    private readonly lambda: LambdaLocalService,
    private readonly context: ServiceContext,
  ) {}

  async start(): Promise<void> {
    for (const resource of this.context.assembly.ofType('AWS::Lambda::EventSourceMapping')) {
      const properties = resource.properties();
      const eventSourceArn = String(properties.EventSourceArn ?? '');
      this.mappings.push({
        logicalId: resource.logicalId,
        functionName: String(properties.FunctionName ?? ''),
        eventSourceArn,
        kind: kindOf(eventSourceArn),
        enabled: properties.Enabled !== false,
        properties,
      });
    }
    for (const mapping of this.mappings) {
      const target = this.describeFunction(mapping.functionName);
      const reason =
        mapping.kind === 'sqs'
          ? 'there is no local SQS service'
          : mapping.kind === 'dynamodb'
            ? 'the local DynamoDB service does not offer stream subscriptions yet'
            : `event sources of this kind (${mapping.eventSourceArn}) are not run locally`;
      this.context.log.warn(`event-source mapping ${mapping.logicalId} (${mapping.eventSourceArn} → ${target}) is NOT run: ${reason}`);
    }
  }

  async stop(): Promise<void> {}

  /** One line for the start-up table, or undefined when the assembly has no mappings. */
  summary(): string | undefined {
    if (this.mappings.length === 0) return undefined;
    const byKind = new Map<string, number>();
    for (const mapping of this.mappings) byKind.set(mapping.kind, (byKind.get(mapping.kind) ?? 0) + 1);
    return `event-source mappings NOT run: ${[...byKind].map(([kind, count]) => `${kind} ×${count}`).join(', ')}`;
  }

  private describeFunction(reference: string): string {
    try {
      return this.lambda.findFunction(reference).displayName;
    } catch {
      return `${reference} (not in the assembly)`;
    }
  }
}
