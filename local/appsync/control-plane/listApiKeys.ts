import { LOCAL_ACCOUNT } from '../../assembly';
import { JsonServiceError } from '../../edge';
import type { ControlPlaneOperation } from './index';

/** API keys stay listed this long after they expire, as AppSync documents. */
const DELETE_AFTER_SECONDS = 60 * 86_400;

/** `GET /v1/apis/{apiId}/apikeys`: the API's keys; on AppSync a key's `id` is the key itself. */
export const listApiKeys: ControlPlaneOperation = (plane) => ({
  name: 'ListApiKeys',
  method: 'GET',
  path: /^\/v1\/apis\/(?<apiId>[^/]+)\/apikeys\/?$/,
  handle(call) {
    const api = plane.apis().find(({ model }) => model.apiId === call.params.apiId);
    plane.authorize(call, 'appsync:ListApiKeys', api?.model.arn ?? `arn:aws:appsync:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:apis/${call.params.apiId}`);
    if (!api) throw new JsonServiceError('NotFoundException', `GraphQL API ${call.params.apiId} not found.`, 404);
    return { apiKeys: api.model.apiKeys.map((key) => ({ id: key.value, expires: key.expires, deletes: key.expires + DELETE_AFTER_SECONDS })) };
  },
});
