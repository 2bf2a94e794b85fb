export { EdgeServer, EdgeRequest, EDGE_HOST, DEFAULT_EDGE_PORT, type EdgeOptions, type EdgeRoute, type EdgeUpgradeRoute } from './edge-server';
export { AccessPolicy, accessFromEnvironment, type AccessPolicyOptions } from './access-policy';
export { EdgeAccessDeniedError, EdgePortInUseError, RequestTooLargeError, jsonErrorBody } from './errors';
export { JsonProtocolService, JsonServiceError, type JsonOperation } from './json-protocol';
export { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';
export { RestJsonService, type RestJsonCall, type RestJsonOperation } from './rest-json';
