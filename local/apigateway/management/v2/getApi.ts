import { defineRead } from '../context';
import { apiOutput, httpApiOf } from './shapes';

/** `GET /v2/apis/{ApiId}`. */
export const getApi = defineRead('v2', 'GetApi', ({ models, params }) => apiOutput(httpApiOf(models, params.ApiId)));
