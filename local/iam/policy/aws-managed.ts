/**
 * The AWS managed policies the local cloud knows the statements of. CDK and Amplify
 * attach a handful of them to the roles they make; any other one is reported at start
 * and grants nothing locally (its statements live in AWS, not in the assembly).
 * Keyed by the policy's path and name (`service-role/AWSLambdaBasicExecutionRole`).
 */
const logsWrite = {
  Effect: 'Allow',
  Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: '*',
} as const;

export const AWS_MANAGED_POLICIES: Readonly<Record<string, { Version: '2012-10-17'; Statement: readonly unknown[] }>> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  'service-role/AWSLambdaBasicExecutionRole': { Version: '2012-10-17', Statement: [logsWrite] },
  'service-role/AWSAppSyncPushToCloudWatchLogs': { Version: '2012-10-17', Statement: [logsWrite] },
  'service-role/AWSLambdaDynamoDBExecutionRole': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', ...logsWrite.Action],
        Resource: '*',
      },
    ],
  },
  AmazonS3FullAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] },
  AmazonS3ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }],
  },
};

/** `arn:aws:iam::aws:policy/service-role/X` → `service-role/X`; undefined for customer policies. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/.exec(arn);
  return match?.[1];
}
