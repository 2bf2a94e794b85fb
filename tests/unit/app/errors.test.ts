import { describe, expect, it } from 'vitest';
import { ApiError, friendlyError } from '../../../app/src/lib/errors';

describe('friendlyError', () => {
  it('shows a rule the backend states as it is, keeping the raw error in the details', () => {
    const error = friendlyError(new ApiError([{ errorType: 'Lambda:Unhandled', message: 'A service named "Checkout" already exists: choose another name' }]));
    expect(error.summary).toBe('A service named "Checkout" already exists: choose another name.');
    expect(error.summary).not.toContain('Lambda');
    expect(error.details).toBe('Lambda:Unhandled: A service named "Checkout" already exists: choose another name');
  });

  it('never shows what the Lambda runtime says about a crash, timeout or exit', () => {
    for (const message of ['Task timed out after 3.00 seconds', 'RequestId: 1f2e Error: Runtime exited with error: signal: killed', 'Runtime.ImportModuleError: Cannot find module']) {
      const error = friendlyError(new ApiError([{ errorType: 'Lambda:Unhandled', message }]));
      expect(error.summary).toMatch(/^Something went wrong on the server/);
      expect(error.details).toContain(message);
    }
  });

  it('puts authorization, network and unknown failures in plain words', () => {
    expect(friendlyError({ errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access deleteService on type Mutation' }] }).summary).toMatch(/^You do not have permission/);
    expect(friendlyError(new TypeError('Failed to fetch')).summary).toMatch(/^Flare cannot reach its server/);
    const unknown = friendlyError({ errors: [{ errorType: 'DynamoDB:ValidationException', message: 'Supplied AttributeValue is empty' }] });
    expect(unknown.summary).toMatch(/^Something went wrong on the server/);
    expect(unknown.details).toBe('DynamoDB:ValidationException: Supplied AttributeValue is empty');
  });
});
