import { LOCAL_ACCOUNT, type CloudAssembly } from '../assembly';
import type { ScheduleRecord } from './operations';

/**
 * Every `AWS::Scheduler::Schedule` of the assembly as the Scheduler API describes it,
 * whether or not it runs locally (a non-Lambda target is listed, as on AWS).
 */
export function scheduleRecords(assembly: CloudAssembly, createdAt: number): ScheduleRecord[] {
  return assembly.ofType('AWS::Scheduler::Schedule').map((resource) => {
    const p = resource.properties();
    const name = resource.ref();
    const group = typeof p.GroupName === 'string' ? p.GroupName : 'default';
    const target = (p.Target ?? {}) as ScheduleRecord['Target'];
    const window = (p.FlexibleTimeWindow ?? { Mode: 'OFF' }) as ScheduleRecord['FlexibleTimeWindow'];
    const date = (value: unknown) => (typeof value === 'string' ? Math.floor(Date.parse(value) / 1000) : undefined);
    return {
      Name: name,
      Arn: `arn:aws:scheduler:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:schedule/${group}/${name}`,
      GroupName: group,
      State: p.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      ScheduleExpression: String(p.ScheduleExpression ?? ''),
      ScheduleExpressionTimezone: typeof p.ScheduleExpressionTimezone === 'string' ? p.ScheduleExpressionTimezone : 'UTC',
      ...(date(p.StartDate) !== undefined && { StartDate: date(p.StartDate) }),
      ...(date(p.EndDate) !== undefined && { EndDate: date(p.EndDate) }),
      ...(typeof p.Description === 'string' && { Description: p.Description }),
      FlexibleTimeWindow: window,
      Target: {
        Arn: String(target.Arn ?? ''),
        ...(target.RoleArn && { RoleArn: String(target.RoleArn) }),
        ...(target.Input !== undefined && { Input: String(target.Input) }),
        ...(target.RetryPolicy && { RetryPolicy: target.RetryPolicy }),
      },
      ...(typeof p.ActionAfterCompletion === 'string' && { ActionAfterCompletion: p.ActionAfterCompletion }),
      CreationDate: createdAt,
      LastModificationDate: createdAt,
    };
  });
}
