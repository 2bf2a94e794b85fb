export { EdgeServer, EdgeRequest, EDGE_HOST, DEFAULT_EDGE_PORT, type EdgeRoute, type EdgeUpgradeRoute } from './edge-server';
export { EdgePortInUseError, RequestTooLargeError, jsonErrorBody } from './errors';
export { JsonProtocolService, JsonServiceError, type JsonOperation } from './json-protocol';
export { RestJsonService, type RestJsonCall, type RestJsonOperation } from './rest-json';
