/**
 * Which resource and method of a REST API answer a request: the stage is the path's first
 * segment; below it, each segment matches a literal child before a `{param}` child before a
 * greedy `{proxy+}` child (which takes the rest); then the method, or `ANY`.
 */
import { pathSegments } from '../http/router';
import type { RestApiModel, RestMethod, RestResource, RestStage } from './model';

export interface RestMatch {
  resource: RestResource;
  /** Decoded path parameters. */
  pathParameters: Record<string, string>;
}

/** The stage a path names and the path below it, or undefined when the API has no such stage. */
export function selectRestStage(api: RestApiModel, rawPath: string): { stage: RestStage; rawPath: string } | undefined {
  const slash = rawPath.indexOf('/', 1);
  const name = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  const stage = api.stages.get(name);
  return stage ? { stage, rawPath: slash < 0 ? '/' : rawPath.slice(slash) } : undefined;
}

function walk(resource: RestResource, segments: string[], index: number, params: Record<string, string>): RestMatch | undefined {
  if (index === segments.length) return { resource, pathParameters: params };
  const segment = segments[index];
  const literal = resource.children.find((child) => child.pathPart === segment);
  if (literal) {
    const found = walk(literal, segments, index + 1, params);
    if (found) return found;
  }
  for (const child of resource.children) {
    const param = /^\{([^{}+]+)\}$/.exec(child.pathPart);
    if (!param) continue;
    const found = walk(child, segments, index + 1, { ...params, [param[1]]: segment });
    if (found) return found;
  }
  for (const child of resource.children) {
    const greedy = /^\{([^{}+]+)\+\}$/.exec(child.pathPart);
    if (greedy) return { resource: child, pathParameters: { ...params, [greedy[1]]: segments.slice(index).join('/') } };
  }
  return undefined;
}

/** The resource a path below the stage names, or undefined (API Gateway's `Missing Authentication Token`). */
export function matchResource(api: RestApiModel, rawPath: string): RestMatch | undefined {
  const segments = pathSegments(rawPath);
  return segments ? walk(api.root, segments, 0, {}) : undefined;
}

/** The resource's method for an HTTP method: its own, else `ANY`. */
export function methodOf(resource: RestResource, httpMethod: string): RestMethod | undefined {
  return resource.methods.get(httpMethod) ?? resource.methods.get('ANY');
}
