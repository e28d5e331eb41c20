// asl-validator 4 ships no type declarations.
declare module 'asl-validator' {
  interface AslValidationError {
    message: string;
    path?: string;
    [key: string]: unknown;
  }
  interface AslValidatorOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  function validator(
    definition: unknown,
    options?: AslValidatorOptions,
  ): { isValid: boolean; errors: AslValidationError[] };
  export = validator;
}
