import type { JsonOperation } from '../../edge';
import type { SsmContext } from '../service';
import { getParameter } from './getParameter';
import { getParameters } from './getParameters';
import { getParametersByPath } from './getParametersByPath';

/** The SSM operations the local cloud answers; any other is UnknownOperationException. */
export function ssmOperations(ssm: SsmContext): Record<string, JsonOperation> {
  return {
    GetParameter: getParameter(ssm),
    GetParameters: getParameters(ssm),
    GetParametersByPath: getParametersByPath(ssm),
  };
}
