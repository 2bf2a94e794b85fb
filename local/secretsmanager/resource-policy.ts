import { UnsupportedPolicyError, validatePolicy, type PolicyDocument, type PolicyStatement } from '../iam/policy/resource-policy';
import { SecretsErrors } from './errors';

/** What is wrong with a resource policy, as ValidateResourcePolicy and PutResourcePolicy judge it. */
export interface PolicyProblem {
  kind: 'malformed' | 'public';
  message: string;
}

const statementsOf = (policy: PolicyDocument): PolicyStatement[] => (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]);

/** A statement that grants everyone (Principal `*` or `{"AWS": "*"}`) with no condition narrowing it. */
function isPublic(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  const everyone = principal === '*' || (typeof principal === 'object' && [principal.AWS].flat().includes('*'));
  return statement.Effect === 'Allow' && everyone && statement.Condition === undefined;
}

/** Checks a resource policy: JSON, statements the local evaluator follows, each naming a Principal; public access noted. */
export function checkResourcePolicy(text: string): { policy?: PolicyDocument; problems: PolicyProblem[] } {
  let policy: PolicyDocument;
  try {
    policy = JSON.parse(text) as PolicyDocument;
    if (typeof policy !== 'object' || policy === null || policy.Statement === undefined) throw new SyntaxError('no Statement');
  } catch {
    return { problems: [{ kind: 'malformed', message: 'This resource policy contains a syntax error.' }] };
  }
  const problems: PolicyProblem[] = [];
  try {
    validatePolicy('Resource policy', policy);
  } catch (error) {
    if (!(error instanceof UnsupportedPolicyError)) throw error;
    problems.push({ kind: 'malformed', message: error.message });
  }
  if (statementsOf(policy).some((statement) => statement.Principal === undefined && statement.NotPrincipal === undefined)) {
    problems.push({ kind: 'malformed', message: 'This resource policy contains an unsupported principal.' });
  }
  if (statementsOf(policy).some(isPublic)) problems.push({ kind: 'public', message: 'This resource policy contains a policy that would grant public access.' });
  return { policy, problems };
}

/** The policy, or the error PutResourcePolicy answers for it (a public one only when BlockPublicPolicy). */
export function acceptedPolicy(text: string, blockPublic: boolean): PolicyDocument {
  const { policy, problems } = checkResourcePolicy(text);
  const malformed = problems.find((problem) => problem.kind === 'malformed');
  if (malformed || !policy) throw SecretsErrors.malformedPolicy(malformed?.message);
  if (blockPublic && problems.some((problem) => problem.kind === 'public')) throw SecretsErrors.publicPolicy();
  return policy;
}
