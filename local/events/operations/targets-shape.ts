/**
 * A rule target as PutTargets takes it, limited to the members of the targets that run
 * locally (Lambda, SQS, SNS, Step Functions, event buses, API destinations); the parameters of
 * other kinds (ECS, Batch, Kinesis, Redshift, SageMaker, AppSync, Run Command) are not kept,
 * and such a target's deliveries fail naming its kind.
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import type { StructureShape } from '../../kit';
import { ROLE_ARN, TARGET_ID } from './members';

export type LocalTarget = Pick<Target, 'Id' | 'Arn' | 'RoleArn' | 'Input' | 'InputPath' | 'InputTransformer' | 'SqsParameters' | 'HttpParameters' | 'DeadLetterConfig' | 'RetryPolicy'>;

const STRING_MAP = { type: 'map', value: { type: 'string', max: 512 } } as const;

export const TARGET: StructureShape<LocalTarget> = {
  type: 'structure',
  name: 'Target',
  members: {
    Id: { ...TARGET_ID, required: true },
    Arn: { ...ROLE_ARN, required: true },
    RoleArn: ROLE_ARN,
    Input: { type: 'string', max: 8192 },
    InputPath: { type: 'string', max: 256 },
    InputTransformer: {
      type: 'structure',
      members: {
        InputPathsMap: { type: 'map', max: 100, key: { type: 'string', max: 256, pattern: '[A-Za-z0-9\\_\\-]+' }, value: { type: 'string', max: 256 } },
        InputTemplate: { type: 'string', min: 1, max: 8192, required: true },
      },
    },
    SqsParameters: { type: 'structure', members: { MessageGroupId: { type: 'string' } } },
    HttpParameters: {
      type: 'structure',
      members: { PathParameterValues: { type: 'list', member: { type: 'string' } }, HeaderParameters: STRING_MAP, QueryStringParameters: STRING_MAP },
    },
    DeadLetterConfig: { type: 'structure', members: { Arn: { type: 'string', min: 1, max: 1600 } } },
    RetryPolicy: { type: 'structure', members: { MaximumRetryAttempts: { type: 'integer', min: 0, max: 185 }, MaximumEventAgeInSeconds: { type: 'integer', min: 60, max: 86400 } } },
  },
};
