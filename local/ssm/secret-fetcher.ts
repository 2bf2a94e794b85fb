import { existsSync } from 'node:fs';
import type { AttributeResolver } from '../assembly/stack';
import type { Reporter } from '../reporter';
import { StateStore } from '../state';
import { backendSecretDirectories } from './amplify-secrets';
import { current, PARAMETERS_COLLECTION, type StoredParameter } from './parameter-store';

/** The custom resource Amplify synthesizes for `secret()` values used at deploy time (e.g. social sign-in). */
export const SECRET_FETCHER_TYPE = 'Custom::AmplifySecretFetcherResource';

/** A parameter's current value by name, or undefined. */
export type ParameterLookup = (name: string) => string | undefined;

/**
 * The parameters a state directory keeps, read without owning it (the assembly is loaded
 * before the SSM service opens them). Secrets are configuration, not state: a cloud started
 * in memory reads the project's state directory's.
 */
export async function savedParameters(stateDir: string, reporter: Reporter): Promise<ParameterLookup> {
  if (!existsSync(stateDir)) return () => undefined;
  const saved = await StateStore.readOnly(stateDir, reporter).service('ssm').collection<StoredParameter>(PARAMETERS_COLLECTION.name, PARAMETERS_COLLECTION);
  return (name) => {
    const parameter = saved.get(name);
    return parameter ? current(parameter).value : undefined;
  };
}

/**
 * `Custom::AmplifySecretFetcherResource` from the local Parameter Store. On AWS its Lambda
 * reads each name in `secretNames` from SSM (the backend's branch path, then the app's shared
 * one) and returns the values as the resource's attributes, one per secret name; locally the
 * same paths are read from the parameters `flare-local secret set` (or `ampx sandbox secret
 * set`) put. A secret that is not set is an attribute that cannot be resolved: what uses it
 * is disabled, and the start-up says how to set it.
 * @example
 * CloudAssembly.load({ dir, endpoint, attributes: secretFetcherAttributes(await savedParameters(stateDir, reporter)) });
 */
export function secretFetcherAttributes(parameters: ParameterLookup): AttributeResolver {
  return (resource, attribute) => {
    if (resource.type !== SECRET_FETCHER_TYPE) return undefined;
    const props = resource.properties();
    const names = props.secretNames;
    if (Array.isArray(names) && !names.includes(attribute)) {
      return { known: false, reason: `the secret fetcher fetches ${names.join(', ')}, not ${attribute}` };
    }
    const { branch, shared } = backendSecretDirectories({ namespace: String(props.namespace), name: String(props.name), type: String(props.type) });
    const value = parameters(`${branch}/${attribute}`) ?? parameters(`${shared}/${attribute}`);
    if (value !== undefined) return { known: true, value };
    return { known: false, reason: `secret ${attribute} is not set`, resolution: `Set it with \`flare-local secret set ${attribute}\` (in Flare: npm run secret -- set ${attribute}) and start again.` };
  };
}
