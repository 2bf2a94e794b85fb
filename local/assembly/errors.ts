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
