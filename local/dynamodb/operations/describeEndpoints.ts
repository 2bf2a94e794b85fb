import type { Operation } from './context';

/** DescribeEndpoints: the edge itself, for SDKs that discover endpoints. */
export const describeEndpoints: Operation = async (_input, context) => ({
  Endpoints: [{ Address: new URL(context.endpoint).host, CachePeriodInMinutes: 1440 }],
});
