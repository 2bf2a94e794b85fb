import { NotImplementedFailure, UnknownOperationFailure } from './failures';

/** What a registry needs of an operation, whatever its protocol's binding (a target, a method and path). */
export interface RegisteredOperation {
  readonly name: string;
  /** See OperationDefinition.action. */
  readonly action?: string | false;
}

export interface RegistryOptions<Op extends RegisteredOperation> {
  /** The service as messages name it: `SSM Parameter Store`, `DynamoDB`. */
  service: string;
  /** IAM's prefix for the service's actions: `ssm`, `cognito-idp`, `dynamodb`. */
  iamPrefix: string;
  operations: readonly Op[];
  /** Operations AWS has that the local service does not run, each with what it belongs to (`PartiQL`). */
  notImplemented?: Readonly<Record<string, string>>;
}

/**
 * One shape for every service's operations: the operations by AWS name, the ones not
 * implemented (each answering an error that names it), anything else answered as an unknown
 * operation, and each operation's IAM action, `<prefix>:<Name>` unless it states its own.
 * @example
 * const registry = new OperationRegistry({ service: 'SSM Parameter Store', iamPrefix: 'ssm', operations: [getParameter, putParameter] });
 * registry.action(registry.resolve('PutParameter')); // 'ssm:PutParameter'
 */
export class OperationRegistry<Op extends RegisteredOperation> {
  private readonly byName = new Map<string, Op>();

  constructor(readonly options: RegistryOptions<Op>) {
    for (const operation of options.operations) {
      if (this.byName.has(operation.name)) throw new Error(`${options.service}: operation ${operation.name} is registered twice`);
      if (options.notImplemented && Object.hasOwn(options.notImplemented, operation.name)) {
        throw new Error(`${options.service}: ${operation.name} is both implemented and listed as not implemented`);
      }
      this.byName.set(operation.name, operation);
    }
  }

  get service(): string {
    return this.options.service;
  }

  /** The operation called `name`; throws NotImplementedFailure or UnknownOperationFailure otherwise. */
  resolve(name: string): Op {
    const operation = this.byName.get(name);
    if (operation) return operation;
    const missing = this.options.notImplemented;
    if (missing && Object.hasOwn(missing, name)) throw new NotImplementedFailure(name, this.options.service, missing[name]);
    throw new UnknownOperationFailure(name, this.options.service);
  }

  find(name: string): Op | undefined {
    return this.byName.get(name);
  }

  /** The IAM action the operation is authorized as; undefined when it is not authorized through IAM. */
  action(operation: Op): string | undefined {
    if (operation.action === false) return undefined;
    return operation.action ?? `${this.options.iamPrefix}:${operation.name}`;
  }

  /**
   * Whether a request for `name` is SigV4-authenticated before it runs: implemented operations
   * authorized through IAM. Unknown and not-implemented names are answered first, naming
   * themselves, whoever asks: the local answer is the useful one there.
   */
  signed(name: string): boolean {
    const operation = this.byName.get(name);
    return operation !== undefined && operation.action !== false;
  }

  /** Every name the service answers, implemented or named as not implemented. */
  names(): string[] {
    return [...this.byName.keys(), ...Object.keys(this.options.notImplemented ?? {})];
  }

  operations(): Op[] {
    return [...this.byName.values()];
  }
}
