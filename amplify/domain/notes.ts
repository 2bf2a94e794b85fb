import { TEXT_LIMITS } from './text-limits';

/** Shared limit for notes: the addNote JS resolver enforces the same number. */
export const MAX_NOTE_LENGTH = TEXT_LIMITS.note;
