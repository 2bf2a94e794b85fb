import { defineRead } from '../context';
import { restApiOf, restApiOutput } from './shapes';

/** `GET /restapis/{restApiId}`. */
export const getRestApi = defineRead('v1', 'GetRestApi', ({ models, params }) => restApiOutput(restApiOf(models, params.restApiId)));
