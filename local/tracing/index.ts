export { LOOP_LIMIT, newTraceId, traceFields, loopCount, passedThrough } from './trace-header';
