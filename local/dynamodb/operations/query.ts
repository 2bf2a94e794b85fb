import type { Operation } from './context';
import { readItems } from './reads';

/** Query: see readItems. */
export const query: Operation = (input, context) => readItems('Query', input, context);
