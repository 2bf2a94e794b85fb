import type { Operation } from './context';
import { readItems } from './reads';

/** Scan: see readItems. */
export const scan: Operation = (input, context) => readItems('Scan', input, context);
