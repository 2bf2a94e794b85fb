/**
 * Sample events in the shapes AWS services send Lambda, to start an invocation from.
 * Values are placeholders a developer edits; the shapes follow each service's documentation.
 */
export interface EventTemplate {
  label: string;
  event(context: { region: string; accountId: string }): unknown;
}

const now = () => new Date().toISOString();

export const EVENT_TEMPLATES: readonly EventTemplate[] = [
  { label: 'Empty object', event: () => ({}) },
  {
    label: 'AppSync resolver (Lambda data source)',
    event: () => ({
      typeName: 'Query',
      fieldName: 'myField',
      arguments: { id: '123' },
      identity: { sub: '00000000-0000-0000-0000-000000000000', username: 'user@example.com', groups: ['RESPONDERS'], claims: {}, defaultAuthStrategy: 'ALLOW', issuer: '', sourceIp: ['127.0.0.1'] },
      source: null,
      request: { headers: { 'content-type': 'application/json' }, domainName: null },
      prev: null,
      info: { fieldName: 'myField', parentTypeName: 'Query', variables: {}, selectionSetList: ['id'], selectionSetGraphQL: '{ id }' },
      stash: {},
    }),
  },
  {
    label: 'SQS batch',
    event: ({ region, accountId }) => ({
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body: JSON.stringify({ hello: 'world' }),
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: accountId, ApproximateFirstReceiveTimestamp: String(Date.now()) },
          messageAttributes: {},
          md5OfBody: '49dfdd54b01cbcd2d2ab5e9e5ee6b9b9',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${region}:${accountId}:my-queue`,
          awsRegion: region,
        },
      ],
    }),
  },
  {
    label: 'S3 object created',
    event: ({ region }) => ({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: region,
          eventTime: now(),
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'AWS:EXAMPLE' },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          responseElements: { 'x-amz-request-id': 'EXAMPLE123456789', 'x-amz-id-2': 'EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH' },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'testConfigRule',
            bucket: { name: 'my-bucket', ownerIdentity: { principalId: 'EXAMPLE' }, arn: 'arn:aws:s3:::my-bucket' },
            object: { key: 'uploads/file.txt', size: 1024, eTag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' },
          },
        },
      ],
    }),
  },
  {
    label: 'DynamoDB stream (INSERT)',
    event: ({ region, accountId }) => ({
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: region,
          dynamodb: {
            ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
            Keys: { id: { S: '123' } },
            NewImage: { id: { S: '123' }, title: { S: 'Example' } },
            SequenceNumber: '111',
            SizeBytes: 26,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: `arn:aws:dynamodb:${region}:${accountId}:table/MyTable/stream/2026-01-01T00:00:00.000`,
        },
      ],
    }),
  },
  {
    label: 'Cognito post confirmation',
    event: ({ region }) => ({
      version: '1',
      region,
      userPoolId: `${region}_EXAMPLE`,
      userName: 'user@example.com',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'exampleclientid' },
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      request: { userAttributes: { sub: '00000000-0000-0000-0000-000000000000', 'cognito:user_status': 'CONFIRMED', email_verified: 'true', email: 'user@example.com' } },
      response: {},
    }),
  },
  {
    label: 'EventBridge scheduled event',
    event: ({ region, accountId }) => ({
      version: '0',
      id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: accountId,
      time: now().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [`arn:aws:events:${region}:${accountId}:rule/my-schedule`],
      detail: {},
    }),
  },
  {
    label: 'API Gateway HTTP API (v2)',
    event: () => ({
      version: '2.0',
      routeKey: 'POST /items',
      rawPath: '/items',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/items', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'console' }, requestId: 'id', routeKey: 'POST /items', stage: '$default', timeEpoch: Date.now() },
      body: JSON.stringify({ name: 'example' }),
      isBase64Encoded: false,
    }),
  },
];
