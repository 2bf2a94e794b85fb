/**
 * Which stage and route of an HTTP API answer a request, as API Gateway documents it
 * ("Routing API requests"): the stage the path's first segment names, else `$default`; then
 * the most specific full match, then the longest greedy match, then the `$default` route.
 */
import type { HttpApiModel, HttpRoute, HttpStage } from './model';

export interface StageMatch {
  stage: HttpStage;
  /** The path below the stage (`/items/1`), still percent-encoded. */
  rawPath: string;
}

/** The stage a request path selects, or undefined (API Gateway's `Not Found`). */
export function selectStage(api: HttpApiModel, rawPath: string): StageMatch | undefined {
  const slash = rawPath.indexOf('/', 1);
  const first = safeDecode(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
  const named = first !== undefined && first !== '$default' ? api.stages.get(first) : undefined;
  if (named) return { stage: named, rawPath: slash < 0 ? '/' : rawPath.slice(slash) };
  const fallback = api.stages.get('$default');
  return fallback ? { stage: fallback, rawPath } : undefined;
}

export interface RouteMatch {
  route: HttpRoute;
  /** Decoded path parameters. */
  pathParameters: Record<string, string>;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The decoded segments of a path (empty ones, as from a trailing slash, dropped); undefined when not valid percent-encoding. */
export function pathSegments(rawPath: string): string[] | undefined {
  const out: string[] = [];
  for (const part of rawPath.split('/')) {
    if (part === '') continue;
    const decoded = safeDecode(part);
    if (decoded === undefined) return undefined;
    out.push(decoded);
  }
  return out;
}

/**
 * Specificity of a route that matches: literal segments outrank parameters, position by
 * position, and a route for the method outranks `ANY`. Higher is more specific.
 */
function specificity(route: HttpRoute, method: string): number[] {
  return [...route.segments.map((segment) => (segment.kind === 'literal' ? 2 : segment.kind === 'param' ? 1 : 0)), route.method === method ? 1 : 0];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchPath(route: HttpRoute, segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const last = route.segments[route.segments.length - 1];
  const greedy = last?.kind === 'greedy';
  const fixed = greedy ? route.segments.length - 1 : route.segments.length;
  // A greedy variable takes at least one segment.
  if (greedy ? segments.length <= fixed : segments.length !== fixed) return undefined;
  for (let i = 0; i < fixed; i++) {
    const segment = route.segments[i];
    if (segment.kind === 'literal') {
      if (segment.text !== segments[i]) return undefined;
    } else {
      params[segment.name] = segments[i];
    }
  }
  if (greedy) params[last.name] = segments.slice(fixed).join('/');
  return params;
}

/**
 * The route for a method and path below the stage, or undefined (API Gateway's `Not Found`).
 * @example
 * matchRoute(api, 'GET', ['pets', 'dog', '2']); // GET /pets/dog/{id}, { id: '2' }
 */
export function matchRoute(api: HttpApiModel, method: string, segments: string[]): RouteMatch | undefined {
  let full: { match: RouteMatch; rank: number[] } | undefined;
  let greedy: { match: RouteMatch; rank: number[] } | undefined;
  for (const route of api.routes) {
    if (route.method === undefined) continue;
    if (route.method !== method && route.method !== 'ANY') continue;
    const pathParameters = matchPath(route, segments);
    if (!pathParameters) continue;
    const candidate = { match: { route, pathParameters }, rank: specificity(route, method) };
    const isGreedy = route.segments[route.segments.length - 1]?.kind === 'greedy';
    if (isGreedy) {
      if (!greedy || compare(candidate.rank, greedy.rank) > 0) greedy = candidate;
    } else if (!full || compare(candidate.rank, full.rank) > 0) {
      full = candidate;
    }
  }
  if (full) return full.match;
  if (greedy) return greedy.match;
  const fallback = api.routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
