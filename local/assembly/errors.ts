/**
 * Errors about the cloud assembly. A template the local cloud cannot evaluate
 * is a "your backend" problem when the template is wrong, and a "local cloud"
 * gap when it uses something not implemented; the messages say which.
 */
export class AssemblyError extends Error {
  constructor(message: string, readonly resolution?: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

/** The local cloud does not implement this part of CloudFormation. */
export class UnsupportedIntrinsicError extends AssemblyError {
  constructor(what: string, where: string) {
    super(`${what} is not supported by the local cloud (in ${where})`, 'Open an issue naming this intrinsic, or avoid it in backend.ts.');
    this.name = 'UnsupportedIntrinsicError';
  }
}

/**
 * An attribute (`Fn::GetAtt`) the local cloud cannot give a value: a resource type whose
 * attribute it does not know, or a value it lacks (a secret that is not set). Whatever
 * needs the value is disabled, named at start; the rest of the assembly runs.
 */
export class UnresolvableAttributeError extends AssemblyError {
  constructor(
    readonly logicalId: string,
    readonly resourceType: string,
    readonly attribute: string,
    readonly reason: string,
    resolution?: string,
  ) {
    super(`Fn::GetAtt ${logicalId}.${attribute} (${resourceType}) cannot be resolved locally: ${reason}`, resolution);
    this.name = 'UnresolvableAttributeError';
  }
}
