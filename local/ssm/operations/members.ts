/**
 * Members several SSM operations share, as SSM's API model (2014-11-06) states them.
 */
import type { ParameterStringFilter, Tag } from '@aws-sdk/client-ssm';
import type { ListShape, StringShape, StructureShape } from '../../kit';

/** PSParameterName: a name, or an ARN (and, where reads allow it, `:version` / `:label`). */
export const PARAMETER_NAME = { type: 'string', min: 1, max: 2048 } as const satisfies StringShape;

/** ParameterNameList: 1 to 10 names. */
export const PARAMETER_NAMES = { type: 'list', min: 1, max: 10, member: PARAMETER_NAME } as const satisfies ListShape;

/** ParameterStringFilterList, as GetParametersByPath and DescribeParameters take it. */
export const PARAMETER_STRING_FILTERS = {
  type: 'list',
  member: {
    type: 'structure',
    name: 'ParameterStringFilter',
    members: {
      Key: { type: 'string', required: true, min: 1, max: 132, pattern: 'tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType' },
      Option: { type: 'string', min: 1, max: 10 },
      Values: { type: 'list', min: 1, max: 50, member: { type: 'string', min: 1, max: 1024 } },
    },
  } satisfies StructureShape<ParameterStringFilter>,
} as const satisfies ListShape;

export const NEXT_TOKEN = { type: 'string' } as const satisfies StringShape;

/** TagList: up to 1000 tags (Parameter Store itself takes 50 per resource). */
export const TAGS = {
  type: 'list',
  max: 1000,
  member: {
    type: 'structure',
    name: 'Tag',
    members: {
      Key: { type: 'string', required: true, min: 1, max: 128, pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' },
      Value: { type: 'string', required: true, min: 0, max: 256, pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' },
    },
  } satisfies StructureShape<Tag>,
} as const satisfies ListShape;
