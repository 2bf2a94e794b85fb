import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext, postConfirmationEvent } from './events';
import { handlerWithEnvironment } from './harness';

// As amplify/functions/post-confirmation/resource.ts sets it.
const ENV = { AWS_REGION: 'us-east-1', GROUP_NAME: 'RESPONDERS' } as const;

const cognito = mockClient(CognitoIdentityProviderClient);
const handler = handlerWithEnvironment(ENV, () => import('../../../../amplify/functions/post-confirmation/handler'));

function confirm(event: ReturnType<typeof postConfirmationEvent>) {
  return handler(event, lambdaContext('post-confirmation'), () => undefined);
}

beforeEach(() => {
  cognito.reset();
});

describe('post-confirmation trigger', () => {
  it('adds a user who confirmed their sign-up to RESPONDERS', async () => {
    // Prepare
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp', 'erin@example.com');

    // Act
    await confirm(event);

    // Assess
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: 'us-east-1_flare', Username: 'erin@example.com', GroupName: 'RESPONDERS' },
    ]);
    expect(cognito.calls()).toHaveLength(1);
  });

  it('returns the event unchanged, as Cognito requires', async () => {
    // Prepare
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    const before = structuredClone(event);

    // Act
    const result = await confirm(event);

    // Assess
    expect(result).toEqual(before);
  });

  it('does nothing for a forgot-password confirmation', async () => {
    // Prepare
    const event = postConfirmationEvent('PostConfirmation_ConfirmForgotPassword');

    // Act
    const result = await confirm(event);

    // Assess
    expect(cognito.calls()).toHaveLength(0);
    expect(result).toBe(event);
  });

  it('fails the confirmation when the group cannot be joined', async () => {
    // Prepare
    const missing = Object.assign(new Error('Group not found.'), { name: 'ResourceNotFoundException' });
    cognito.on(AdminAddUserToGroupCommand).rejects(missing);

    // Act + Assess
    await expect(confirm(postConfirmationEvent('PostConfirmation_ConfirmSignUp'))).rejects.toBe(missing);
  });
});
