import type { GetSamplingTargetsRequest, GetSamplingTargetsResult } from '@aws-sdk/client-xray';
import type { XrayOperation } from '../context';
import { DEFAULT_SAMPLING_RULE, SAMPLING_TARGET_SECONDS } from '../sampling';
import { xrayInput } from './input';

/**
 * `POST /SamplingTargets`: a client's reservoir quota for the rules it reports on. With one local
 * client the whole reservoir is its own; statistics for rules that do not exist come back unprocessed.
 */
export const getSamplingTargets: XrayOperation = (api) => ({
  name: 'GetSamplingTargets',
  method: 'POST',
  path: /^\/SamplingTargets$/,
  handle(call): GetSamplingTargetsResult {
    const input = xrayInput<GetSamplingTargetsRequest>(call.input, {
      type: 'structure',
      members: {
        SamplingStatisticsDocuments: {
          type: 'list',
          max: 25,
          required: true,
          member: {
            type: 'structure',
            members: {
              RuleName: { type: 'string', min: 1, max: 32, required: true },
              ClientID: { type: 'string', min: 24, max: 24, required: true },
              Timestamp: { type: 'timestamp', required: true },
              RequestCount: { type: 'integer', min: 0, required: true },
              SampledCount: { type: 'integer', min: 0, required: true },
              BorrowCount: { type: 'integer', min: 0 },
            },
          },
        },
        SamplingBoostStatisticsDocuments: { type: 'list', member: { type: 'structure', members: { RuleName: { type: 'string', required: true }, ServiceName: { type: 'string', required: true }, Timestamp: { type: 'timestamp', required: true }, AnomalyCount: { type: 'integer', required: true }, TotalCount: { type: 'integer', required: true }, SampledAnomalyCount: { type: 'integer', required: true } } } },
      },
    });
    api.authorize(call, 'xray:GetSamplingTargets');
    const known = input.SamplingStatisticsDocuments.filter((document) => document.RuleName === DEFAULT_SAMPLING_RULE.RuleName);
    const expires = new Date(api.now() + SAMPLING_TARGET_SECONDS.quotaTtl * 1000);
    return {
      SamplingTargetDocuments: known.length > 0 ? [{ RuleName: DEFAULT_SAMPLING_RULE.RuleName, FixedRate: DEFAULT_SAMPLING_RULE.FixedRate, ReservoirQuota: DEFAULT_SAMPLING_RULE.ReservoirSize, ReservoirQuotaTTL: expires, Interval: SAMPLING_TARGET_SECONDS.interval }] : [],
      LastRuleModification: new Date(0),
      UnprocessedStatistics: input.SamplingStatisticsDocuments.filter((document) => document.RuleName !== DEFAULT_SAMPLING_RULE.RuleName).map((document) => ({ RuleName: document.RuleName, ErrorCode: '400', Message: `No sampling rule is named ${document.RuleName}` })),
    };
  },
});
