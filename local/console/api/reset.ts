import { ConsoleError } from '../errors';
import type { ConsoleEndpoint } from './index';

/**
 * `POST /reset`: stops every service, empties the state directory (the ids are kept, so
 * endpoints, pool ids, API keys and amplify_outputs.json stay valid) and starts them
 * again. Answers when the services are back.
 */
export const reset: ConsoleEndpoint = {
  method: 'POST',
  path: /^\/reset$/,
  async handle({ host, json }) {
    const body = await json();
    if (body.confirm !== true) throw ConsoleError.invalid('Reset empties every table, user, object and secret: send { "confirm": true }');
    await host.reset();
    return { reset: true };
  },
};
