import type { GetParameterHistoryRequest, GetParameterHistoryResult } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { SsmErrors } from '../errors';
import { nameFromArnOrName, parameterArn } from '../parameter-names';
import { shownValue } from '../parameter-output';
import { NEXT_TOKEN, PARAMETER_NAME } from './members';
import { decodePageToken, pageToken } from './paging';

/** `AmazonSSM.GetParameterHistory`: every kept version, oldest first, in pages of up to 50 (the default). */
export const getParameterHistory = defineOperation<GetParameterHistoryRequest, GetParameterHistoryResult, SsmCall>({
  name: 'GetParameterHistory',
  input: {
    type: 'structure',
    members: {
      Name: { ...PARAMETER_NAME, required: true },
      WithDecryption: { type: 'boolean' },
      MaxResults: { type: 'integer', min: 1, max: 50 },
      NextToken: NEXT_TOKEN,
    },
  },
  handle(input, call) {
    const name = nameFromArnOrName(input.Name);
    call.authorize(parameterArn(name));
    const parameter = call.parameters.get(name);
    if (!parameter) throw SsmErrors.parameterNotFound(input.Name);
    const maxResults = input.MaxResults ?? 50;
    const start = decodePageToken(input.NextToken, parameter.versions.length);
    const page = parameter.versions.slice(start, start + maxResults);
    const secret = call.secrets.secretName(name);
    if (secret && input.WithDecryption) call.log.debug(`secret ${secret}: history read (values not shown)`);
    return {
      Parameters: page.map((version) => ({
        Name: name,
        Type: version.type,
        ...(version.keyId !== undefined && { KeyId: version.keyId }),
        LastModifiedDate: new Date(version.lastModified),
        LastModifiedUser: version.lastModifiedUser,
        ...(version.description !== undefined && { Description: version.description }),
        Value: shownValue(name, version, input.WithDecryption),
        ...(version.allowedPattern !== undefined && { AllowedPattern: version.allowedPattern }),
        Version: version.version,
        Labels: version.labels,
        Tier: version.tier,
        Policies: [],
        DataType: version.dataType,
      })),
      NextToken: pageToken(start + maxResults, parameter.versions.length),
    };
  },
});
