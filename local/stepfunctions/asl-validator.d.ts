/** asl-validator ships no types: what definition.ts uses of it. */
declare module 'asl-validator' {
  interface AslValidatorError {
    'Error code': string;
    Message: string;
  }
  export default function aslValidator(
    definition: object,
    options?: { checkArn?: boolean; checkPaths?: boolean },
  ): { isValid: boolean; errors: AslValidatorError[]; errorsText(separator?: string): string };
}
