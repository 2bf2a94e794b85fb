export { createXrayService, XrayService, type XrayServiceOptions } from './service';
export { DEFAULT_SAMPLING_RULE, Sampler } from './sampling';
export { TRACE_STORE_LIMITS, TraceStore } from './trace-store';
export { parseFilterExpression } from './filter-expression';
