import type { ParameterTier, PutParameterRequest, PutParameterResult } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { SsmErrors } from '../errors';
import { nameProblem, parameterArn } from '../parameter-names';
import { current, VERSIONS_KEPT, withNewVersion } from '../parameter-store';
import { PARAMETER_NAME, TAGS } from './members';

const TAGS_WITH_OVERWRITE =
  "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.";
const TIER_LIMITS: Record<Exclude<ParameterTier, 'Intelligent-Tiering'>, number> = { Standard: 4096, Advanced: 8192 };
const TIER_DOCS = 'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html';

/** The tier a value is stored in: Intelligent-Tiering picks Standard while the value fits it. */
function tierFor(asked: ParameterTier, value: string): Exclude<ParameterTier, 'Intelligent-Tiering'> {
  if (asked !== 'Intelligent-Tiering') return asked;
  return value.length > TIER_LIMITS.Standard ? 'Advanced' : 'Standard';
}

/**
 * `AmazonSSM.PutParameter`: creates a parameter (version 1) or, with `Overwrite`, adds a
 * version; members left out of an overwrite keep their values. What `ampx sandbox secret set`
 * calls (SecureString, Overwrite).
 */
export const putParameter = defineOperation<PutParameterRequest, PutParameterResult, SsmCall>({
  name: 'PutParameter',
  input: {
    type: 'structure',
    members: {
      Name: { ...PARAMETER_NAME, required: true },
      Description: { type: 'string', min: 0, max: 1024 },
      Value: { type: 'string', required: true, min: 1, sensitive: true },
      Type: { type: 'string', enum: ['String', 'StringList', 'SecureString'] },
      KeyId: { type: 'string', min: 1, max: 256, pattern: '^([a-zA-Z0-9:/_-]+)$' },
      Overwrite: { type: 'boolean' },
      AllowedPattern: { type: 'string', min: 0, max: 1024 },
      Tags: TAGS,
      Tier: { type: 'string', enum: ['Standard', 'Advanced', 'Intelligent-Tiering'] },
      Policies: { type: 'string', min: 1, max: 4096 },
      DataType: { type: 'string', min: 0, max: 128 },
    },
  },
  handle(input, call) {
    const { Name: name, Value: value } = input;
    const problem = nameProblem(name);
    if (problem?.kind === 'reserved') throw SsmErrors.reservedName(name);
    if (problem?.kind === 'depth') throw SsmErrors.hierarchyTooDeep();
    if (problem) throw SsmErrors.validation(problem.message!);
    call.authorize(parameterArn(name));
    if (input.Overwrite && input.Tags && input.Tags.length > 0) throw SsmErrors.validation(TAGS_WITH_OVERWRITE);
    if (input.Policies !== undefined) throw SsmErrors.notSupported('Parameter policies (Policies: Expiration, ExpirationNotification, NoChangeNotification)');
    if (input.DataType !== undefined && input.DataType !== 'text') {
      if (input.DataType === 'aws:ec2:image' || input.DataType === 'aws:ssm:integration') throw SsmErrors.notSupported(`DataType ${input.DataType}`);
      throw SsmErrors.validation(`The following data type is not supported: ${input.DataType} (Data type names are all lowercase.)`);
    }

    return call.parameters.update(name, (existing) => {
      if (existing && !input.Overwrite) throw SsmErrors.alreadyExists();
      const before = existing && current(existing);
      const type = input.Type ?? before?.type;
      if (!type) throw SsmErrors.validation('A parameter type is required when you create a parameter.');
      const allowedPattern = input.AllowedPattern ?? before?.allowedPattern;
      if (allowedPattern) {
        let pattern: RegExp;
        try {
          pattern = new RegExp(allowedPattern);
        } catch {
          throw SsmErrors.invalidAllowedPattern(allowedPattern);
        }
        if (!pattern.test(value)) throw SsmErrors.patternMismatch(allowedPattern);
      }
      const tier = tierFor(input.Tier ?? before?.tier ?? 'Standard', value);
      if (value.length > TIER_LIMITS[tier]) {
        throw SsmErrors.validation(
          tier === 'Standard'
            ? `Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see ${TIER_DOCS}`
            : `Advanced tier parameters support a maximum parameter value of 8192 characters. For more information, see ${TIER_DOCS}`,
        );
      }
      if (existing && existing.versions.length >= VERSIONS_KEPT && existing.versions[0].labels.length > 0) throw SsmErrors.maxVersions(name, existing.versions[0].version);
      const next = withNewVersion(existing, name, {
        value,
        type,
        ...((input.Description ?? before?.description) !== undefined && { description: input.Description ?? before?.description }),
        ...(allowedPattern !== undefined && { allowedPattern }),
        ...(type === 'SecureString' && { keyId: input.KeyId ?? before?.keyId ?? 'alias/aws/ssm' }),
        tier,
        dataType: input.DataType ?? before?.dataType ?? 'text',
        lastModified: call.now(),
        lastModifiedUser: call.user,
      });
      if (!existing && input.Tags) next.tags = input.Tags;
      const secret = call.secrets.secretName(name);
      if (secret) call.log.info(`secret ${secret} set at ${name} (version ${current(next).version}; value not shown)`);
      return { next, result: { Version: current(next).version, Tier: tier } };
    });
  },
});
