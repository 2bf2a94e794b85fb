import { util } from '@aws-appsync/utils';
import { put } from '@aws-appsync/utils/dynamodb';

/** TEXT_LIMITS.maintenanceTitle / maintenanceDescription in amplify/domain/text-limits.ts. */
const MAX_MAINTENANCE_TITLE_LENGTH = 200;
const MAX_MAINTENANCE_DESCRIPTION_LENGTH = 2000;

/** scheduleMaintenance: a window announced on the status page; the same rules as the admin form. */
export function request(ctx) {
  const title = (ctx.args.title ?? '').trim();
  const description = (ctx.args.description ?? '').trim();
  if (title.length === 0) {
    util.error('A maintenance window needs a title', 'ValidationError');
  }
  if (title.length > MAX_MAINTENANCE_TITLE_LENGTH) {
    util.error(`A title is at most ${MAX_MAINTENANCE_TITLE_LENGTH} characters (got ${title.length})`, 'ValidationError');
  }
  if (description.length > MAX_MAINTENANCE_DESCRIPTION_LENGTH) {
    util.error(`A description is at most ${MAX_MAINTENANCE_DESCRIPTION_LENGTH} characters (got ${description.length})`, 'ValidationError');
  }
  const startsAt = util.time.parseISO8601ToEpochMilliSeconds(ctx.args.startsAt);
  const endsAt = util.time.parseISO8601ToEpochMilliSeconds(ctx.args.endsAt);
  if (endsAt <= startsAt) {
    util.error('A maintenance window must end after it starts', 'ValidationError');
  }
  if (endsAt <= util.time.nowEpochMilliSeconds()) {
    util.error('A maintenance window must end in the future', 'ValidationError');
  }
  if (ctx.args.serviceIds.length === 0) {
    util.error('Choose at least one affected service', 'ValidationError');
  }
  const now = util.time.nowISO8601();
  const item = {
    __typename: 'MaintenanceWindow',
    title,
    startsAt: ctx.args.startsAt,
    endsAt: ctx.args.endsAt,
    serviceIds: ctx.args.serviceIds,
    createdAt: now,
    updatedAt: now,
  };
  // An absent description is left out rather than stored as NULL.
  if (description.length > 0) item.description = description;
  return put({ key: { id: util.autoId() }, item });
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
