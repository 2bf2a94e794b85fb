import type { Operation } from './context';
import { writeItem } from './writes';

/** PutItem: see writeItem. */
export const putItem: Operation = (input, context) => writeItem('PutItem', input, context);
