/**
 * REST API mapping templates: Velocity templates rendered on the local VTL engine (the one
 * local/appsync runs, parsed once per text) with API Gateway's variables, not AppSync's, as the
 * "API Gateway mapping template and access logging variable reference" documents them:
 *
 * - `$input`: `body`, `json(path)` (JSON text), `path(path)` (an object), `params()` (`path`,
 *   `querystring`, `header` maps) and `params(name)` (path, then query string, then header);
 * - `$context`: the request's context, with `requestOverride` and `responseOverride` to set;
 * - `$stageVariables`;
 * - `$util`: `escapeJavaScript`, `parseJson`, `urlEncode`, `urlDecode`, `base64Encode`, `base64Decode`.
 */
import { JSONPath } from 'jsonpath-plus';
import { TemplateRuntimeError } from '../../appsync/runtime/types';
import { CompiledTemplate, Namespace } from '../../appsync/vtl/evaluator';

/** The request parameters `$input.params()` gives: path, query string and header maps. */
export interface TemplateParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export interface TemplateInput {
  /** What `$input` reads: the method request body for request templates, the integration's for response templates. */
  body: string;
  params: TemplateParams;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

/** Templates kept parsed (by text) per API Gateway. */
const CACHE_SIZE = 1000;

/** Java's `StringEscapeUtils.escapeJavaScript`, which `$util.escapeJavaScript` is. */
export function escapeJavaScript(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    switch (char) {
      case '"': out += '\\"'; break;
      case "'": out += "\\'"; break;
      case '\\': out += '\\\\'; break;
      case '/': out += '\\/'; break;
      case '\b': out += '\\b'; break;
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\f': out += '\\f'; break;
      case '\r': out += '\\r'; break;
      default:
        if (code < 32 || code > 0x7e) {
          // Java escapes UTF-16 code units: a character outside the BMP is two escapes.
          for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
        } else {
          out += char;
        }
    }
  }
  return out;
}

/** Java's `URLEncoder.encode(s, "UTF-8")`: form encoding, spaces as `+`. */
export function urlEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Java's `URLDecoder.decode(s, "UTF-8")`. */
export function urlDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body === '' ? '{}' : body);
  } catch (error) {
    throw new TemplateRuntimeError(`$input: the body is not JSON (${(error as Error).message})`);
  }
}

function select(body: string, path: unknown): unknown {
  if (typeof path !== 'string') throw new TemplateRuntimeError('$input.json and $input.path take a JSONPath string');
  return JSONPath({ path, json: parseBody(body) as object, wrap: false });
}

/**
 * Renders mapping templates for one local API Gateway.
 * @example
 * const text = templates.render("{\"name\": \"$input.params('name')\"}", input, 'GET /mock/{name} (request)');
 */
export class MappingTemplates {
  private readonly compiled = new Map<string, CompiledTemplate>();
  private readonly util = new Namespace(
    '$util',
    {
      escapeJavaScript: (text: unknown) => escapeJavaScript(String(text ?? '')),
      parseJson: (text: unknown) => {
        try {
          return JSON.parse(String(text));
        } catch (error) {
          throw new TemplateRuntimeError(`$util.parseJson: ${(error as Error).message}`);
        }
      },
      urlEncode: (text: unknown) => urlEncode(String(text ?? '')),
      urlDecode: (text: unknown) => urlDecode(String(text ?? '')),
      base64Encode: (text: unknown) => Buffer.from(String(text ?? ''), 'utf8').toString('base64'),
      base64Decode: (text: unknown) => Buffer.from(String(text ?? ''), 'base64').toString('utf8'),
    },
    'API Gateway',
  );

  /** The rendered text. Throws TemplateRuntimeError (the caller's 500) when the template does not parse or fails. */
  render(template: string, input: TemplateInput, location: string): string {
    const $input = new Namespace(
      '$input',
      {
        body: input.body,
        json: (path: unknown) => {
          const value = select(input.body, path);
          return value === undefined ? '' : JSON.stringify(value);
        },
        path: (path: unknown) => select(input.body, path) ?? null,
        params: (name?: unknown) => {
          if (name === undefined) return input.params;
          const key = String(name);
          const { path, querystring, header } = input.params;
          if (Object.hasOwn(path, key)) return path[key];
          if (Object.hasOwn(querystring, key)) return querystring[key];
          const headerName = Object.keys(header).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
          return headerName === undefined ? '' : header[headerName];
        },
      },
      'API Gateway',
    );
    const result = this.compile(template, location).render({
      location,
      globals: { input: $input, context: input.context, stageVariables: input.stageVariables, util: this.util },
    });
    return result.returned ? String(result.value ?? '') : result.text;
  }

  private compile(template: string, location: string): CompiledTemplate {
    let compiled = this.compiled.get(template);
    if (!compiled) {
      compiled = CompiledTemplate.compile(template, location);
      if (this.compiled.size >= CACHE_SIZE) this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(template, compiled);
    }
    return compiled;
  }
}

/**
 * `statusCode` of a MOCK integration's rendered request template. API Gateway reads it
 * leniently: CDK's CORS preflight template is `{ statusCode: 200 }`, with an unquoted key.
 */
export function mockStatusCode(rendered: string): number | undefined {
  const match = /["']?statusCode["']?\s*:\s*["']?(\d{3})/.exec(rendered);
  return match ? Number(match[1]) : undefined;
}
