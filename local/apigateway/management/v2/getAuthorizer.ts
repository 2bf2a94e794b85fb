import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { authorizerOutput, httpApiOf } from './shapes';

/** `GET /v2/apis/{ApiId}/authorizers/{AuthorizerId}`. */
export const getAuthorizer = defineRead('v2', 'GetAuthorizer', ({ models, params }) => {
  const authorizer = httpApiOf(models, params.ApiId).authorizers.get(params.AuthorizerId);
  if (!authorizer) throw ManagementError.notFound(`Invalid Authorizer identifier specified ${params.AuthorizerId}`);
  return authorizerOutput(authorizer);
});
