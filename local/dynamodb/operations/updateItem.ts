import type { Operation } from './context';
import { writeItem } from './writes';

/** UpdateItem: see writeItem. */
export const updateItem: Operation = (input, context) => writeItem('UpdateItem', input, context);
