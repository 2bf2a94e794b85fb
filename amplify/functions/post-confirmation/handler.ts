import type { PostConfirmationTriggerHandler } from 'aws-lambda';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient();

/** Adds each newly confirmed user to the responders group. */
export const handler: PostConfirmationTriggerHandler = async (event) => {
  // Forgot-password confirmations fire this trigger too; only sign-ups join the group.
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: event.userPoolId,
      Username: event.userName,
      GroupName: process.env.GROUP_NAME,
    }),
  );
  return event;
};
