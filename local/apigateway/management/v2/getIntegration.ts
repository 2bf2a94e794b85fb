import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { httpApiOf, integrationOutput } from './shapes';

/** `GET /v2/apis/{ApiId}/integrations/{IntegrationId}`. */
export const getIntegration = defineRead('v2', 'GetIntegration', ({ models, params }) => {
  const integration = httpApiOf(models, params.ApiId).integrations.get(params.IntegrationId);
  if (!integration) throw ManagementError.notFound(`Invalid Integration identifier specified ${params.IntegrationId}`);
  return integrationOutput(integration);
});
