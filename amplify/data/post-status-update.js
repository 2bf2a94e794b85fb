import { util } from '@aws-appsync/utils';
import { put } from '@aws-appsync/utils/dynamodb';

/** TEXT_LIMITS.statusUpdate in amplify/domain/text-limits.ts (a JS resolver cannot import it). */
const MAX_STATUS_UPDATE_LENGTH = 2000;

/**
 * postStatusUpdate: what responders tell the public. Validates the message as the app's
 * composer does, stamps author and time.
 */
export function request(ctx) {
  const message = (ctx.args.message ?? '').trim();
  if (message.length === 0) {
    util.error('A public update needs a message', 'ValidationError');
  }
  if (message.length > MAX_STATUS_UPDATE_LENGTH) {
    util.error(`A public update is at most ${MAX_STATUS_UPDATE_LENGTH} characters (got ${message.length})`, 'ValidationError');
  }
  const now = util.time.nowISO8601();
  return put({
    key: { id: util.autoId() },
    item: {
      __typename: 'StatusUpdate',
      incidentId: ctx.args.incidentId,
      status: ctx.args.status,
      message,
      author: ctx.identity.claims?.email ?? ctx.identity.username,
      postedAt: now,
      createdAt: now,
      updatedAt: now,
    },
  });
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
