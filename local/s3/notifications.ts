/**
 * S3 event notifications to Lambda: what `defineStorage({ triggers })` and CDK's
 * `bucket.addEventNotification` synthesize (`Custom::S3BucketNotifications`, or a bucket's
 * own `NotificationConfiguration`). After an object is committed or removed, every
 * configuration whose events and prefix/suffix filter match gets an S3 event record,
 * delivered as S3 does: an asynchronous invocation (Lambda's retries apply), one record per
 * event, in the event message structure S3 documents (version 2.1).
 *
 * Queue and topic destinations have no local service: they are named at start and not run.
 */
import { createHash } from 'node:crypto';
import { LOCAL_ACCOUNT, type AssemblyResource, type CloudAssembly } from '../assembly';
import type { LambdaService } from '../lambda/types';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';

interface FilterRule {
  Name: string;
  Value: string;
}

interface LambdaConfiguration {
  Id?: string;
  Events: string[];
  LambdaFunctionArn: string;
  Filter?: { Key?: { FilterRules?: FilterRule[] } };
}

interface NotificationConfiguration {
  LambdaFunctionConfigurations?: LambdaConfiguration[];
  QueueConfigurations?: unknown[];
  TopicConfigurations?: unknown[];
}

/** One event on one object. `eventName` is S3's, without the `s3:` prefix (`ObjectCreated:Put`). */
export interface ObjectEvent {
  bucket: string;
  key: string;
  eventName: `ObjectCreated:${'Put' | 'Post' | 'Copy' | 'CompleteMultipartUpload'}` | 'ObjectRemoved:Delete';
  /** Present for created objects. */
  object?: { size: number; etag: string };
  /** Who made the request: the principal's ARN or access key (`AWS:<id>` in the record). */
  principalId?: string;
  requestId: string;
  hostId: string;
  sourceIp: string;
}

interface Target {
  configurationId: string;
  events: string[];
  prefix: string;
  suffix: string;
  functionArn: string;
}

/** Whether `eventName` is one of the configured events (`s3:ObjectCreated:*` covers every creation). */
function eventMatches(configured: string[], eventName: string): boolean {
  return configured.some((event) => {
    const name = event.replace(/^s3:/, '');
    return name.endsWith(':*') ? eventName.startsWith(name.slice(0, -1)) : name === eventName;
  });
}

/** S3's encoding of keys in event records: URL-encoded, form-style (a space is `+`), slashes kept. */
export function eventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * The notification targets of the assembly's buckets, and their delivery.
 * @example
 * const notifications = BucketNotifications.fromAssembly(assembly, services, log);
 * notifications.publish({ bucket, key, eventName: 'ObjectCreated:Put', object: { size, etag }, … });
 */
export class BucketNotifications {
  private sequence = 0n;

  private constructor(
    private readonly targets: ReadonlyMap<string, Target[]>,
    private readonly services: ServiceRegistry,
    private readonly log: Logger,
  ) {}

  static fromAssembly(assembly: CloudAssembly, services: ServiceRegistry, log: Logger): BucketNotifications {
    const targets = new Map<string, Target[]>();
    const add = (resource: AssemblyResource, bucket: string, configuration: NotificationConfiguration | undefined) => {
      if (!configuration) return;
      const others = (configuration.QueueConfigurations?.length ?? 0) + (configuration.TopicConfigurations?.length ?? 0);
      if (others > 0) log.warn(`${resource.cdkPath}: ${others} queue/topic notification${others === 1 ? '' : 's'} of bucket ${bucket} not run (no local SQS or SNS)`);
      for (const config of configuration.LambdaFunctionConfigurations ?? []) {
        const rules = config.Filter?.Key?.FilterRules ?? [];
        const rule = (name: string) => rules.find((r) => r.Name.toLowerCase() === name)?.Value ?? '';
        const configurationId = config.Id ?? createHash('sha256').update(JSON.stringify(config)).digest('base64url').slice(0, 22);
        const list = targets.get(bucket) ?? [];
        list.push({ configurationId, events: config.Events, prefix: rule('prefix'), suffix: rule('suffix'), functionArn: config.LambdaFunctionArn });
        targets.set(bucket, list);
      }
    };
    for (const resource of assembly.ofType('Custom::S3BucketNotifications')) {
      const props = resource.properties() as { BucketName: string; NotificationConfiguration?: NotificationConfiguration };
      add(resource, props.BucketName, props.NotificationConfiguration);
    }
    for (const resource of assembly.ofType('AWS::S3::Bucket')) {
      add(resource, resource.ref(), (resource.properties() as { NotificationConfiguration?: NotificationConfiguration }).NotificationConfiguration);
    }
    return new BucketNotifications(targets, services, log);
  }

  /** How many Lambda notification configurations there are (for the start-up table). */
  get count(): number {
    return [...this.targets.values()].reduce((sum, list) => sum + list.length, 0);
  }

  /** Sends the event to every matching configuration; delivery is asynchronous, as on S3. */
  publish(event: ObjectEvent): void {
    const matching = (this.targets.get(event.bucket) ?? []).filter(
      (target) => eventMatches(target.events, event.eventName) && event.key.startsWith(target.prefix) && event.key.endsWith(target.suffix),
    );
    if (matching.length === 0) return;
    const lambda = this.services.find<LambdaService>('lambda');
    // The sequencer orders events on one key; a counter from the time of start keeps it increasing across restarts too.
    const sequencer = (BigInt(Date.now()) * 1000n + this.sequence++).toString(16).toUpperCase().padStart(16, '0');
    for (const target of matching) {
      if (!lambda) {
        this.log.warn(`bucket ${event.bucket}: ${event.eventName} for ${event.key} not delivered to ${target.functionArn}: no local Lambda service runs`);
        continue;
      }
      const record = {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: LOCAL_ACCOUNT.region,
        eventTime: new Date().toISOString(),
        eventName: event.eventName,
        userIdentity: { principalId: `AWS:${event.principalId ?? 'anonymous'}` },
        requestParameters: { sourceIPAddress: event.sourceIp },
        responseElements: { 'x-amz-request-id': event.requestId, 'x-amz-id-2': event.hostId },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: target.configurationId,
          bucket: { name: event.bucket, ownerIdentity: { principalId: LOCAL_ACCOUNT.accountId }, arn: `arn:aws:s3:::${event.bucket}` },
          object: event.object
            ? { key: eventKey(event.key), size: event.object.size, eTag: event.object.etag.replace(/"/g, ''), sequencer }
            : { key: eventKey(event.key), sequencer },
        },
      };
      lambda.invoke(target.functionArn, { Records: [record] }, { invocationType: 'Event', source: `s3 ${event.bucket} ${event.eventName}` }).catch((error: Error) => {
        this.log.warn(`bucket ${event.bucket}: ${event.eventName} for ${event.key} not delivered to ${target.functionArn}: ${error.message}`);
      });
    }
  }
}
