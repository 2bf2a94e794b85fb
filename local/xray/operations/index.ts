import type { RestJsonOperation } from '../../edge';
import { JsonServiceError } from '../../edge';
import { NotImplementedFailure } from '../../kit';
import type { XrayApi, XrayOperation } from '../context';
import { batchGetTraces } from './batchGetTraces';
import { getSamplingRules } from './getSamplingRules';
import { getSamplingTargets } from './getSamplingTargets';
import { getServiceGraph } from './getServiceGraph';
import { getTraceGraph } from './getTraceGraph';
import { getTraceSummaries } from './getTraceSummaries';
import { putTraceSegments } from './putTraceSegments';

/** The X-Ray operations the local cloud answers. */
export const XRAY_OPERATIONS: readonly XrayOperation[] = [putTraceSegments, getTraceSummaries, batchGetTraces, getServiceGraph, getTraceGraph, getSamplingRules, getSamplingTargets];

/** Operations AWS has that the local X-Ray does not run, by their path, each with what it belongs to. */
const NOT_IMPLEMENTED: Readonly<Record<string, [string, string]>> = {
  '/CreateGroup': ['CreateGroup', 'groups'],
  '/GetGroup': ['GetGroup', 'groups'],
  '/Groups': ['GetGroups', 'groups'],
  '/UpdateGroup': ['UpdateGroup', 'groups'],
  '/DeleteGroup': ['DeleteGroup', 'groups'],
  '/CreateSamplingRule': ['CreateSamplingRule', 'sampling rules other than the default'],
  '/UpdateSamplingRule': ['UpdateSamplingRule', 'sampling rules other than the default'],
  '/DeleteSamplingRule': ['DeleteSamplingRule', 'sampling rules other than the default'],
  '/SamplingStatisticSummaries': ['GetSamplingStatisticSummaries', 'sampling statistics'],
  '/TelemetryRecords': ['PutTelemetryRecords', 'daemon telemetry'],
  '/TimeSeriesServiceStatistics': ['GetTimeSeriesServiceStatistics', 'service statistics over time'],
  '/EncryptionConfig': ['GetEncryptionConfig', 'encryption settings'],
  '/PutEncryptionConfig': ['PutEncryptionConfig', 'encryption settings'],
  '/InsightSummaries': ['GetInsightSummaries', 'X-Ray Insights'],
};

/** The operations bound to the service, and an answer naming each one not implemented. */
export function xrayOperations(api: XrayApi): RestJsonOperation[] {
  const missing = Object.entries(NOT_IMPLEMENTED).map(([path, [name, what]]): RestJsonOperation => ({
    name,
    method: 'POST',
    path: new RegExp(`^${path}$`),
    handle() {
      throw new JsonServiceError('UnknownOperationException', new NotImplementedFailure(name, 'X-Ray', what).message, 501);
    },
  }));
  return [...XRAY_OPERATIONS.map((operation) => operation(api)), ...missing];
}
