import type { CreateTableInput, PutItemInput } from '@aws-sdk/client-dynamodb';
import type { CreateFunctionRequest } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { SerializationFailure, ValidationFailure, validateInput, validateQueryInput, validateXmlInput, type StructureShape } from '../../../../local/kit';
import { getParameterHistory as getParameterHistoryOperation } from '../../../../local/ssm/operations/getParameterHistory';
import { getParameters as getParametersOperation } from '../../../../local/ssm/operations/getParameters';
import { putParameter as putParameterOperation } from '../../../../local/ssm/operations/putParameter';

/**
 * The validator against AWS's own answers. Each case quotes a message AWS returned (cited where
 * it was published), for a request described as the service's API model states its constraints.
 */

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the input to be refused');
}

// SSM's operations as the local Parameter Store declares them (from SSM's API model, botocore ssm/2014-11-06).
const putParameter = putParameterOperation.input;
const getParameters = getParametersOperation.input;
const getParameterHistory = getParameterHistoryOperation.input;

// Lambda's CreateFunction, only the members the case needs typed loosely through a Pick.
const createFunction: StructureShape<Pick<CreateFunctionRequest, 'FunctionName' | 'Code'>> = {
  type: 'structure',
  members: {
    FunctionName: { type: 'string', required: true, min: 1, max: 140 },
    Code: {
      type: 'structure',
      required: true,
      members: {
        ZipFile: { type: 'blob' },
        S3Bucket: { type: 'string', min: 3, max: 63, pattern: '^[0-9A-Za-z\\.\\-_]*(?<!\\.)$' },
        S3Key: { type: 'string', min: 1, max: 1024 },
        S3ObjectVersion: { type: 'string', min: 1, max: 1024 },
        ImageUri: { type: 'string' },
        SourceKMSKeyArn: { type: 'string' },
        S3ObjectStorageMode: { type: 'string', enum: ['COPY', 'REFERENCE'] },
      },
    },
  },
};

const createTable: StructureShape<Pick<CreateTableInput, 'TableName' | 'KeySchema'>> = {
  type: 'structure',
  members: {
    TableName: { type: 'string', required: true, min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' },
    KeySchema: {
      type: 'list',
      min: 1,
      max: 2,
      member: {
        type: 'structure',
        name: 'KeySchemaElement',
        members: {
          AttributeName: { type: 'string', required: true, min: 1, max: 255 },
          KeyType: { type: 'string', required: true, enum: ['HASH', 'RANGE'] },
        },
      },
    },
  },
};

const putItem: StructureShape<Pick<PutItemInput, 'TableName' | 'ReturnValuesOnConditionCheckFailure'>> = {
  type: 'structure',
  members: {
    TableName: { type: 'string', required: true, min: 1, max: 1024 },
    ReturnValuesOnConditionCheckFailure: { type: 'string', enum: ['ALL_OLD', 'NONE'] },
  },
};

/** Step Functions' SendTaskFailure: `Error` is sensitive, at most 256. */
interface SendTaskFailureInput {
  taskToken: string | undefined;
  error?: string;
  cause?: string;
}
const sendTaskFailure: StructureShape<SendTaskFailureInput> = {
  type: 'structure',
  members: {
    taskToken: { type: 'string', required: true, min: 1, max: 2048 },
    error: { type: 'string', max: 256, sensitive: true },
    cause: { type: 'string', max: 32768, sensitive: true },
  },
};

/** Glue's CreateTable, down to a column's comment: a list inside a structure inside a structure. */
interface GlueColumn {
  Name: string | undefined;
  Comment?: string;
}
interface GlueCreateTable {
  DatabaseName: string | undefined;
  TableInput: { Name: string | undefined; StorageDescriptor?: { Columns?: GlueColumn[] } } | undefined;
}
const glueText = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*';
const glueCreateTable: StructureShape<GlueCreateTable> = {
  type: 'structure',
  members: {
    DatabaseName: { type: 'string', required: true, min: 1, max: 255, pattern: glueText },
    TableInput: {
      type: 'structure',
      required: true,
      members: {
        Name: { type: 'string', required: true, min: 1, max: 255, pattern: glueText },
        StorageDescriptor: {
          type: 'structure',
          members: {
            Columns: {
              type: 'list',
              member: {
                type: 'structure',
                members: {
                  Name: { type: 'string', required: true, min: 1, max: 255, pattern: glueText },
                  Comment: { type: 'string', max: 255, pattern: glueText },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** IAM's CreateUser (query protocol). */
interface CreateUserRequest {
  UserName: string | undefined;
  Path?: string;
  Tags?: { Key: string | undefined; Value: string | undefined }[];
}
const iamTagText = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
const createUser: StructureShape<CreateUserRequest> = {
  type: 'structure',
  members: {
    UserName: { type: 'string', required: true, min: 1, max: 64, pattern: '[\\w+=,.@-]+' },
    Path: { type: 'string', min: 1, max: 512 },
    Tags: {
      type: 'list',
      max: 50,
      member: {
        type: 'structure',
        members: {
          Key: { type: 'string', required: true, min: 1, max: 128, pattern: iamTagText },
          Value: { type: 'string', required: true, min: 0, max: 256, pattern: iamTagText },
        },
      },
    },
  },
};

/** CloudFormation's DescribeStacks (query protocol). */
interface DescribeStacksInput {
  StackName?: string;
  NextToken?: string;
}
const describeStacks: StructureShape<DescribeStacksInput> = {
  type: 'structure',
  members: {
    StackName: { type: 'string', pattern: '[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*' },
    NextToken: { type: 'string', min: 1, max: 1024 },
  },
};

describe('validator: AWS JSON-protocol messages', () => {
  const cases: { name: string; source: string; run: () => unknown; message: string }[] = [
    {
      name: 'a missing required member',
      source: 'AWS JSON services (e.g. SSM DeleteParameter without Name)',
      run: () => validateInput({ Value: 'v' }, putParameter),
      message: "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    },
    {
      name: 'a sensitive member never shows its value',
      source: 'SSM PutParameter with an empty value, ministryofjustice/modernisation-platform#8116',
      run: () => validateInput({ Name: 'cortex_account_id', Value: '' }, putParameter),
      message: "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    },
    {
      name: 'a sensitive member over its length',
      source: 'Step Functions SendTaskFailure, twelvescompany.co.uk (2024)',
      run: () => validateInput({ taskToken: 't', error: 'e'.repeat(257) }, sendTaskFailure),
      message: "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256",
    },
    {
      name: 'a pattern inside a nested structure',
      source: 'Lambda CreateFunction, awslabs/aws-lambda-security-controls#1',
      run: () => validateInput({ FunctionName: 'f', Code: { S3Bucket: 's3://quintinwhi' } }, createFunction),
      message:
        "1 validation error detected: Value 's3://quintinwhi' at 'code.s3Bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z\\.\\-_]*(?<!\\.)$",
    },
    {
      name: 'a pattern, as the model writes it (unanchored), matched against the whole value',
      source: 'DynamoDB CreateTable, aws/aws-cli#790',
      run: () => validateInput({ TableName: '"smart-dcb-messages"', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }, createTable),
      message: "1 validation error detected: Value '\"smart-dcb-messages\"' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    },
    {
      name: 'a list too long, its structures printed as Java prints them',
      source: 'DynamoDB CreateTable with three key elements, nubo-db/dynoxide#11',
      run: () =>
        validateInput(
          { TableName: 'orders', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }, { AttributeName: 'extra', KeyType: 'RANGE' }] },
          createTable,
        ),
      message:
        "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
    },
    {
      name: 'a list of strings too long',
      source: 'SSM GetParameters with 11 names (the list printed as [a, b, …])',
      run: () => validateInput({ Names: Array.from({ length: 11 }, (_, i) => `/p/${i}`) }, getParameters),
      message: `1 validation error detected: Value '[${Array.from({ length: 11 }, (_, i) => `/p/${i}`).join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`,
    },
    {
      name: 'an empty string below its minimum length',
      source: 'DynamoDB PutItem with an empty TableName, nubo-db/dynoxide#11',
      run: () => validateInput({ TableName: '' }, putItem),
      message: "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    },
    {
      name: 'a value outside the enum',
      source: 'DynamoDB PutItem ReturnValuesOnConditionCheckFailure (enum ALL_OLD, NONE)',
      run: () => validateInput({ TableName: 't', ReturnValuesOnConditionCheckFailure: 'ALL_NEW' }, putItem),
      message: "1 validation error detected: Value 'ALL_NEW' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    },
    {
      name: 'a number above its range',
      source: 'SSM GetParameterHistory MaxResults (1–50)',
      run: () => validateInput({ Name: '/a', MaxResults: 51 }, getParameterHistory),
      message: "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    },
    {
      name: 'several violations, counted and joined in member order, list members by position',
      source: 'Glue CreateTable, moj-analytical-services/etl_manager#90 (a column comment outside the pattern)',
      run: () =>
        validateInput(
          { DatabaseName: 'db', TableInput: { Name: 't', StorageDescriptor: { Columns: [{ Name: 'a' }, { Name: 'b', Comment: 'bell\u0007' }, { Name: '', Comment: 'ok' }] } } },
          glueCreateTable,
        ),
      message:
        `2 validation errors detected: Value 'bell\u0007' at 'tableInput.storageDescriptor.columns.2.member.comment' failed to satisfy constraint: Member must satisfy regular expression pattern: ${glueText}; ` +
        "Value '' at 'tableInput.storageDescriptor.columns.3.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    },
  ];

  it.each(cases)('$name ($source)', ({ run, message }) => {
    const error = failure(run);
    expect(error).toBeInstanceOf(ValidationFailure);
    expect(error.message).toBe(message);
  });

  it('lists at most ten violations, and counts the ones listed', () => {
    const error = failure(() => validateInput({ Names: Array.from({ length: 12 }, () => '') }, getParameters));
    expect(error.message).toMatch(/^10 validation errors detected: Value '\[.*\]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10; Value '' at 'names\.1\.member'/);
    expect(error.message.split('; ')).toHaveLength(10);
  });

  it('returns the input typed and only with the members the model has', () => {
    const input = validateInput({ Name: '/a', Value: 'v', Overwrite: 'true', Unknown: 1, Tags: [{ Key: 'k', Value: 'v' }] }, putParameter);
    expect(input).toEqual({ Name: '/a', Value: 'v', Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] });
  });

  it('a value of the wrong JSON type is a SerializationFailure, in AWS’s words', () => {
    const cases: [unknown, string][] = [
      [{ Name: 5, Value: 'v' }, 'NUMBER_VALUE cannot be converted to String'],
      [{ Name: true, Value: 'v' }, 'TRUE_VALUE cannot be converted to String'],
      [{ Name: ['a'], Value: 'v' }, 'Unrecognized collection type class java.lang.String'],
      [{ Name: { a: 1 }, Value: 'v' }, 'Start of structure or map found where not expected'],
      [{ Name: '/a', Value: 'v', Tags: 'x' }, 'Unexpected field type'],
    ];
    for (const [input, message] of cases) {
      const error = failure(() => validateInput(input, putParameter));
      expect(error).toBeInstanceOf(SerializationFailure);
      expect(error.message).toBe(message);
    }
    expect(failure(() => validateInput({ Name: '/a', MaxResults: 'ten' }, getParameterHistory)).message).toBe('STRING_VALUE cannot be converted to Integer');
  });
});

describe('validator sibling: query protocol and REST-XML', () => {
  it('IAM CreateUser: a tag value outside its pattern, by list position (aws-samples auto-tag#90)', () => {
    // Prepare: the query protocol's spelling of Tags[5].Value
    const value = 'SourceIP: 86.16.135.208, UserAgent: aws-cli/2.1.17 Python/3.7.4 Darwin/20.3.0 exe/x86_64 prompt/off command/iam.create-user';
    const params = new URLSearchParams({ Action: 'CreateUser', UserName: 'ann' });
    for (let i = 1; i <= 5; i++) {
      params.set(`Tags.member.${i}.Key`, `k${i}`);
      params.set(`Tags.member.${i}.Value`, 'fine');
    }
    params.set('Tags.member.6.Key', 'CreatedBy');
    params.set('Tags.member.6.Value', value);

    // Act
    const error = failure(() => validateQueryInput(params, createUser));

    // Assess
    expect(error).toBeInstanceOf(ValidationFailure);
    expect(error.message).toBe(`1 validation error detected: Value '${value}' at 'tags.6.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ${iamTagText}`);
  });

  it('CloudFormation DescribeStacks: a stack name outside its pattern (humanmade/cf-to-tf#5)', () => {
    const url = 'https://aws-quickstart.s3.amazonaws.com/quickstart-atlassian-jira/templates/JiraDataCenter.template';
    const error = failure(() => validateQueryInput(new URLSearchParams({ Action: 'DescribeStacks', StackName: url }), describeStacks));
    expect(error.message).toBe(
      `1 validation error detected: Value '${url}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`,
    );
  });

  it('reads query lists, numbers and booleans into the model’s types', () => {
    const input = validateQueryInput(new URLSearchParams({ 'Names.member.1': '/a', 'Names.member.2': '/b', WithDecryption: 'true' }), getParameters);
    expect(input).toEqual({ Names: ['/a', '/b'], WithDecryption: true });
    expect(validateQueryInput(new URLSearchParams({ Name: '/a', MaxResults: '5' }), getParameterHistory)).toEqual({ Name: '/a', MaxResults: 5 });
    expect(failure(() => validateQueryInput(new URLSearchParams({ Name: '/a', MaxResults: 'many' }), getParameterHistory))).toBeInstanceOf(SerializationFailure);
  });

  it('a required member missing from a query request', () => {
    expect(failure(() => validateQueryInput(new URLSearchParams({ Action: 'CreateUser' }), createUser)).message).toBe(
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reads a REST-XML body (text leaves, wrapped lists) into the model’s types, with the same messages', () => {
    const shape: StructureShape<{ Tags: { Key: string | undefined; Value: string | undefined }[] | undefined }> = {
      type: 'structure',
      members: {
        Tags: {
          type: 'list',
          required: true,
          max: 2,
          xmlMember: 'Tag',
          member: { type: 'structure', name: 'Tag', members: { Key: { type: 'string', required: true, min: 1, max: 128 }, Value: { type: 'string', required: true, max: 256 } } },
        },
      },
    };
    expect(validateXmlInput({ Tags: { Tag: { Key: 'a', Value: '1' } } }, shape)).toEqual({ Tags: [{ Key: 'a', Value: '1' }] });
    const error = failure(() => validateXmlInput({ Tags: { Tag: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: '', Value: '3' }] } }, shape));
    expect(error.message).toBe(
      "2 validation errors detected: Value '[Tag(key=a, value=1), Tag(key=b, value=2), Tag(key=, value=3)]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 2; " +
        "Value '' at 'tags.3.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
