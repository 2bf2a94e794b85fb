import type { Operation } from './context';
import { writeItem } from './writes';

/** DeleteItem: see writeItem. */
export const deleteItem: Operation = (input, context) => writeItem('DeleteItem', input, context);
