import { OperationRegistry, type AnyOperation } from '../../kit';
import type { SsmCall } from '../context';
import { deleteParameter } from './deleteParameter';
import { deleteParameters } from './deleteParameters';
import { describeParameters } from './describeParameters';
import { getParameter } from './getParameter';
import { getParameterHistory } from './getParameterHistory';
import { getParameters } from './getParameters';
import { getParametersByPath } from './getParametersByPath';
import { putParameter } from './putParameter';

/**
 * The SSM operations the local Parameter Store answers (`AmazonSSM.<Name>`, IAM `ssm:<Name>`);
 * any other is UnknownOperationException naming it.
 */
export const SSM_OPERATIONS = new OperationRegistry<AnyOperation<SsmCall>>({
  service: 'SSM Parameter Store',
  iamPrefix: 'ssm',
  operations: [getParameter, getParameters, getParametersByPath, getParameterHistory, describeParameters, putParameter, deleteParameter, deleteParameters],
  notImplemented: {
    LabelParameterVersion: 'parameter labels',
    UnlabelParameterVersion: 'parameter labels',
    AddTagsToResource: 'tags',
    RemoveTagsFromResource: 'tags',
    ListTagsForResource: 'tags',
    PutResourcePolicy: 'resource policies',
    GetResourcePolicies: 'resource policies',
    DeleteResourcePolicy: 'resource policies',
  },
});
