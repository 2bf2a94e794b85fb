/**
 * The `AWS::Lambda::Permission`s that let API Gateway invoke functions. On AWS, API Gateway
 * invokes an integration's or authorizer's function only when the function's resource policy
 * allows `apigateway.amazonaws.com` for that method's (or authorizer's) execute-api ARN, or when
 * the integration names a role to invoke it with; otherwise the caller gets a 500. CDK adds
 * these permissions for every integration and authorizer it builds.
 */
import type { CloudAssembly } from '../../assembly';
import { GlobPattern, Template } from '../../iam/policy/patterns';
import type { Logger } from '../../reporter';

interface Grant {
  /** The function's name (the last part of its ARN, qualifier dropped). */
  functionName: string;
  /** `ArnLike` on the caller's execute-api ARN; undefined allows any. */
  sourceArn?: RegExp;
}

const API_GATEWAY_PRINCIPALS = new Set(['apigateway.amazonaws.com', 'apigateway.amazonaws.com.cn', '*']);

/** A function's name from a name, partial ARN or ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`). */
export function functionNameOf(reference: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.+)?$/.exec(reference);
  if (arn) return arn[1];
  const partial = /^(?:[0-9]{12}:)?function:([^:]+)/.exec(reference);
  return partial ? partial[1] : reference.split(':')[0];
}

/**
 * Resource-policy grants to API Gateway, from the assembly.
 * @example
 * const permissions = LambdaPermissions.fromAssembly(assembly, log);
 * permissions.allows('arn:aws:lambda:us-east-1:000000000000:function:f', 'arn:aws:execute-api:us-east-1:000000000000:abc/dev/GET/items');
 */
export class LambdaPermissions {
  private constructor(private readonly grants: readonly Grant[]) {}

  static fromAssembly(assembly: CloudAssembly, log: Logger): LambdaPermissions {
    const grants: Grant[] = [];
    for (const resource of assembly.ofType('AWS::Lambda::Permission')) {
      let props: Record<string, unknown>;
      try {
        props = resource.properties();
      } catch (error) {
        log.warn(`Lambda permission ${resource.cdkPath} is not evaluated: ${(error as Error).message}`);
        continue;
      }
      const action = String(props.Action ?? '');
      if (!API_GATEWAY_PRINCIPALS.has(String(props.Principal ?? '')) || !['lambda:InvokeFunction', 'lambda:*', '*'].includes(action)) continue;
      grants.push({
        functionName: functionNameOf(String(props.FunctionName)),
        sourceArn: typeof props.SourceArn === 'string' ? new GlobPattern(new Template(props.SourceArn, false), 'arn').fixed : undefined,
      });
    }
    return new LambdaPermissions(grants);
  }

  get size(): number {
    return this.grants.length;
  }

  /** Whether the function's resource policy lets API Gateway invoke it for any of `sourceArns` (a method's ARN by path and by resource). */
  allows(functionArn: string, sourceArns: readonly string[]): boolean {
    const name = functionNameOf(functionArn);
    return this.grants.some(
      (grant) => grant.functionName === name && (grant.sourceArn === undefined || sourceArns.some((arn) => grant.sourceArn!.test(arn))),
    );
  }
}
