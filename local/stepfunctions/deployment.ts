/**
 * The assembly's state machines, deployed into the store at every start as a deployment would:
 * `DefinitionString` (its Fn::Join/Fn::Sub already resolved by the assembly) or `Definition`,
 * with `DefinitionSubstitutions` applied, under `RoleArn`. An invalid definition is named and
 * left out, alone; one that uses what the local interpreter lacks is deployed and named.
 */
import type { AssemblyResource, CloudAssembly } from '../assembly';
import type { Logger } from '../reporter';
import { prepareDefinition, validateDefinition } from './definition';
import { nameOf } from './names';
import type { StatesStore } from './store';
import type { StateMachineRecord } from './types';

export interface Deployment {
  /** `<logical id> (why)` of what does not run. */
  notRun: string[];
}

function definitionText(properties: Record<string, unknown>): string | undefined {
  const raw = properties.DefinitionString ?? (properties.Definition === undefined ? undefined : JSON.stringify(properties.Definition));
  if (typeof raw !== 'string') return undefined;
  const substitutions = (properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  return raw.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (Object.hasOwn(substitutions, key) ? String(substitutions[key]) : whole));
}

export async function deployAssembly(assembly: CloudAssembly, store: StatesStore, log: Logger): Promise<Deployment> {
  const notRun: string[] = [];
  const refuse = (resource: AssemblyResource, why: string) => {
    notRun.push(`${resource.logicalId} (${why})`);
    log.error(`AWS::StepFunctions::StateMachine ${resource.logicalId}: ${why}; it does not run`);
  };
  const deployed = new Set<string>();
  for (const resource of assembly.ofType('AWS::StepFunctions::StateMachine')) {
    const p = resource.properties();
    if (p.DefinitionS3Location !== undefined) {
      refuse(resource, 'its definition is in S3 (DefinitionS3Location), which the local Step Functions does not read');
      continue;
    }
    const text = definitionText(p);
    if (text === undefined) {
      refuse(resource, 'it has no DefinitionString or Definition');
      continue;
    }
    const { definition, diagnostics } = validateDefinition(text);
    if (!definition) {
      refuse(resource, `Invalid State Machine Definition: ${diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ')} (AWS would refuse to deploy it)`);
      continue;
    }
    const arn = resource.ref();
    const notRunnable = prepareDefinition(definition).notRunnable;
    if (notRunnable) {
      notRun.push(`${resource.logicalId} (${notRunnable})`);
      log.warn(`state machine ${nameOf(arn)}: ${notRunnable}; its executions fail, naming it`);
    }
    const record: StateMachineRecord = {
      arn,
      name: nameOf(arn),
      type: p.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      definition: text,
      roleArn: String(p.RoleArn),
      createdAt: store.machines.get(arn)?.createdAt ?? Date.now(),
      origin: 'assembly',
      ...(notRunnable && { notRunnable }),
    };
    deployed.add(arn);
    await store.machines.put(arn, record);
  }
  // What an earlier start deployed and the assembly no longer holds goes, as a deployment removes it.
  for (const [arn, machine] of [...store.machines.entries()]) if (machine.origin === 'assembly' && !deployed.has(arn)) await store.machines.delete(arn);
  return { notRun };
}
