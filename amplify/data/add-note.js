import { util } from '@aws-appsync/utils';
import { put } from '@aws-appsync/utils/dynamodb';

/** Same limit as amplify/domain/notes.ts (a JS resolver cannot import it). */
const MAX_NOTE_LENGTH = 4000;

/**
 * addNote: validates the message, stamps author and time, and writes a NOTE
 * timeline event owned by the caller (so the owner rule lets them edit it later).
 */
export function request(ctx) {
  const message = (ctx.args.message ?? '').trim();
  if (message.length === 0) {
    util.error('A note cannot be empty', 'ValidationError');
  }
  if (message.length > MAX_NOTE_LENGTH) {
    util.error(`A note is at most ${MAX_NOTE_LENGTH} characters (got ${message.length})`, 'ValidationError');
  }
  const identity = ctx.identity;
  const now = util.time.nowISO8601();
  return put({
    key: { id: util.autoId() },
    item: {
      __typename: 'TimelineEvent',
      incidentId: ctx.args.incidentId,
      kind: 'NOTE',
      message,
      author: identity.claims?.email ?? identity.username,
      // The owner field the model's owner rule reads: "<sub>::<username>".
      owner: `${identity.sub}::${identity.username}`,
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
