import type { JsonCall } from '../../edge/json-protocol';
import { SsmErrors } from '../errors';
import { nameFromArnOrName } from '../parameter-store';
import type { SsmContext } from '../service';
import { authorizeParameters, parameterWire, select, splitSelector } from '../wire';

/** `AmazonSSM.GetParameters`: up to 10 names; the ones not found are listed in InvalidParameters. */
export function getParameters(ssm: SsmContext) {
  return (input: Record<string, unknown>, call: JsonCall) => {
    const names = input.Names;
    if (!Array.isArray(names)) throw SsmErrors.constraint('names', names, 'Member must not be null');
    if (names.length < 1 || names.length > 10) {
      throw SsmErrors.constraint('names', names, `Member must have length ${names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`);
    }
    const requested = names.map((reference) => {
      if (typeof reference !== 'string') throw SsmErrors.constraint('names', names, 'Member must satisfy constraint: [Member must be a string]');
      const { name, selector } = splitSelector(reference);
      return { reference, name: nameFromArnOrName(name), selector };
    });
    authorizeParameters(ssm.services, call, 'ssm:GetParameters', requested.map((item) => item.name));
    const parameters: Record<string, unknown>[] = [];
    const invalid: string[] = [];
    for (const item of requested) {
      const parameter = ssm.store.get(item.name);
      if (!parameter) {
        invalid.push(item.reference);
        continue;
      }
      let selected;
      try {
        selected = select(parameter, item.selector);
      } catch {
        invalid.push(item.reference);
        continue;
      }
      if (parameter.secretName) call.log.debug(`secret ${parameter.secretName} read (value not shown)`);
      parameters.push({
        ...parameterWire(selected, input.WithDecryption === true),
        ...(item.selector !== undefined ? { Selector: `:${item.selector}` } : {}),
      });
    }
    return { Parameters: parameters, InvalidParameters: invalid };
  };
}
