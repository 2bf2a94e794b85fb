import type { GetSamplingRulesRequest, GetSamplingRulesResult } from '@aws-sdk/client-xray';
import type { XrayOperation } from '../context';
import { DEFAULT_SAMPLING_RULE } from '../sampling';
import { xrayInput } from './input';

/** `POST /GetSamplingRules`: the default rule, the only one the local X-Ray has. */
export const getSamplingRules: XrayOperation = (api) => ({
  name: 'GetSamplingRules',
  method: 'POST',
  path: /^\/GetSamplingRules$/,
  handle(call): GetSamplingRulesResult {
    xrayInput<GetSamplingRulesRequest>(call.input, { type: 'structure', members: { NextToken: { type: 'string' } } });
    api.authorize(call, 'xray:GetSamplingRules');
    const created = new Date(0);
    return { SamplingRuleRecords: [{ SamplingRule: { ...DEFAULT_SAMPLING_RULE, Attributes: {} }, CreatedAt: created, ModifiedAt: created }] };
  },
});
