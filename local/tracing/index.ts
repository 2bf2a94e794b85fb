export { LOOP_LIMIT, newTraceId, traceFields, loopCount, passedThrough } from './trace-header';
export {
  newSegmentId,
  newTraceRoot,
  traceContext,
  onwardHeader,
  seconds,
  type SegmentDocument,
  type SegmentException,
  type SegmentSink,
  type AnnotationValue,
  type TraceContext,
  type TracingService,
  tracingOf,
} from './segment';
