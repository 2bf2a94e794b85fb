import type { AssemblyResource, CloudAssembly } from '../../local/assembly';

/**
 * The one resource of `type` in an assembly loaded by `local/assembly`; throws when there
 * are none or several.
 * @example onlyOfType(assembly, 'AWS::Cognito::UserPool').ref() // 'us-east-1_…'
 */
export function onlyOfType(assembly: CloudAssembly, type: string): AssemblyResource {
  const found = assembly.ofType(type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}
