import type { AssemblyResource, CloudAssembly } from '../assembly';
import { AssemblyError } from '../assembly';
import type { Logger } from '../reporter';
import { AWS_MANAGED_POLICIES, awsManagedPolicyName } from './policy/aws-managed';
import { compilePolicies, PolicySet, type PolicySource } from './policy/policy-set';

/** A role of the assembly with its policies compiled. */
export interface Role {
  name: string;
  arn: string;
  /** `AROA…`: the first half of `aws:userid` for its sessions. */
  roleId: string;
  /** Inline, attached customer-managed and known AWS-managed policies. */
  identity: PolicySet;
  /** The permissions boundary, when the role has one: it caps what `identity` grants. */
  boundary?: PolicySet;
  trust: PolicySet;
  /** `MaxSessionDuration` in seconds (3600 unless the role says otherwise): AssumeRole's ceiling. */
  maxSessionSeconds: number;
  /** Names of the policies that make up `identity`, for the start-up summary and messages. */
  policyNames: string[];
}

/** Resource types this catalogue reads. */
export const IAM_RESOURCE_TYPES = ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy'] as const;

function shortName(resource: AssemblyResource): string {
  return resource.logicalId;
}

/** Evaluated properties, or undefined (with a warning) when the template cannot be evaluated locally. */
function propertiesOf(resource: AssemblyResource, log: Logger, consequence: string): Record<string, unknown> | undefined {
  try {
    return resource.properties();
  } catch (error) {
    if (!(error instanceof AssemblyError)) throw error;
    log.warn(`${resource.type} ${resource.cdkPath}: ${error.message} — ${consequence}`);
    return undefined;
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

/**
 * Reads every role of the assembly and the policies that apply to it: `Policies` inline
 * on the role, `AWS::IAM::Policy`/`RolePolicy`/`ManagedPolicy` attached to it, and
 * `ManagedPolicyArns` (customer-managed ones from the assembly, AWS-managed ones from the
 * known list; an unknown AWS-managed policy is reported loudly and grants nothing).
 */
export function loadRoles(assembly: CloudAssembly, log: Logger): Map<string, Role> {
  const warn = (message: string) => log.warn(message);
  const sourcesByRoleName = new Map<string, PolicySource[]>();
  const attach = (roleName: string, source: PolicySource) => {
    const list = sourcesByRoleName.get(roleName) ?? [];
    list.push(source);
    sourcesByRoleName.set(roleName, list);
  };

  const managedByArn = new Map<string, PolicySource>();
  for (const resource of assembly.ofType('AWS::IAM::ManagedPolicy')) {
    const props = propertiesOf(resource, log, 'it grants nothing locally');
    if (!props) continue;
    const source = { name: shortName(resource), document: props.PolicyDocument };
    managedByArn.set(resource.ref(), source);
    for (const roleName of strings(props.Roles)) attach(roleName, source);
  }
  for (const resource of assembly.ofType('AWS::IAM::Policy')) {
    const props = propertiesOf(resource, log, 'it grants nothing locally');
    if (!props) continue;
    const source = { name: String(props.PolicyName ?? shortName(resource)), document: props.PolicyDocument };
    for (const roleName of strings(props.Roles)) attach(roleName, source);
  }
  for (const resource of assembly.ofType('AWS::IAM::RolePolicy')) {
    const props = propertiesOf(resource, log, 'it grants nothing locally');
    if (!props || typeof props.RoleName !== 'string') continue;
    attach(props.RoleName, { name: String(props.PolicyName ?? shortName(resource)), document: props.PolicyDocument });
  }

  const unknownManaged = new Map<string, string[]>();
  const managedPolicy = (arn: string, roleName: string): PolicySource | undefined => {
    const fromAssembly = managedByArn.get(arn);
    if (fromAssembly) return fromAssembly;
    const awsName = awsManagedPolicyName(arn);
    const known = awsName === undefined ? undefined : AWS_MANAGED_POLICIES[awsName];
    if (known) return { name: awsName!, document: known };
    unknownManaged.set(arn, [...(unknownManaged.get(arn) ?? []), roleName]);
    return undefined;
  };

  const roles = new Map<string, Role>();
  for (const resource of assembly.ofType('AWS::IAM::Role')) {
    const name = resource.ref();
    const arn = String(resource.getAtt('Arn'));
    const props = propertiesOf(resource, log, 'the role is allowed nothing locally') ?? {};
    const sources: PolicySource[] = [];
    for (const inline of (Array.isArray(props.Policies) ? props.Policies : []) as { PolicyName?: string; PolicyDocument?: unknown }[]) {
      sources.push({ name: `${resource.logicalId}/${inline.PolicyName ?? 'inline'}`, document: inline.PolicyDocument });
    }
    for (const policyArn of strings(props.ManagedPolicyArns)) {
      const source = managedPolicy(policyArn, resource.logicalId);
      if (source) sources.push(source);
    }
    sources.push(...(sourcesByRoleName.get(name) ?? []));
    let boundary: PolicySet | undefined;
    if (typeof props.PermissionsBoundary === 'string') {
      const source = managedPolicy(props.PermissionsBoundary, resource.logicalId);
      // An unknown boundary allows nothing, which is what a boundary that cannot be read must do.
      boundary = new PolicySet(source ? compilePolicies([source], 'identity', warn) : []);
    }
    roles.set(arn, {
      name,
      arn,
      roleId: String(resource.getAtt('RoleId')),
      identity: new PolicySet(compilePolicies(sources, 'identity', warn)),
      boundary,
      trust: new PolicySet(compilePolicies([{ name: `${resource.logicalId} trust policy`, document: props.AssumeRolePolicyDocument }], 'trust', warn)),
      maxSessionSeconds: Number(props.MaxSessionDuration ?? 3600),
      policyNames: sources.map((source) => source.name),
    });
  }

  for (const [arn, roleNames] of unknownManaged) {
    log.warn(
      `AWS managed policy ${arn} (attached to ${roleNames.join(', ')}) is not known to the local cloud: its statements live in AWS, ` +
        `so locally it grants nothing and requests that need it are denied. Attach a customer-managed policy with the statements you need, ` +
        `or add it to local/iam/policy/aws-managed.ts.`,
    );
  }
  return roles;
}
