import type { JsonCall } from '../../edge/json-protocol';
import { SsmErrors } from '../errors';
import { nameFromArnOrName } from '../parameter-store';
import type { SsmContext } from '../service';
import { authorizeParameters, parameterWire, select, splitSelector } from '../wire';

/** `AmazonSSM.GetParameter` */
export function getParameter(ssm: SsmContext) {
  return (input: Record<string, unknown>, call: JsonCall) => {
    if (typeof input.Name !== 'string') throw SsmErrors.constraint('name', input.Name, 'Member must not be null');
    const { name: reference, selector } = splitSelector(input.Name);
    const name = nameFromArnOrName(reference);
    authorizeParameters(ssm.services, call, 'ssm:GetParameter', [name]);
    const parameter = ssm.store.get(name);
    if (!parameter) throw SsmErrors.parameterNotFound();
    const selected = select(parameter, selector);
    if (parameter.secretName) call.log.debug(`secret ${parameter.secretName} read (value not shown)`);
    return {
      Parameter: {
        ...parameterWire(selected, input.WithDecryption === true),
        ...(selector !== undefined ? { Selector: `:${selector}`, Name: name } : {}),
      },
    };
  };
}
