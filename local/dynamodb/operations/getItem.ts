import type { Operation } from './context';
import { readItems } from './reads';

/** GetItem: see readItems. */
export const getItem: Operation = (input, context) => readItems('GetItem', input, context);
