import type { SchemaAttribute, UserPoolClientConfig } from './pool-config';
import type { UserPool } from './user-pool';

/**
 * DescribeUserPool's UserPoolType and DescribeUserPoolClient's UserPoolClientType, in the
 * members and shapes of the API's model: the settings the local pools run, with Cognito's
 * defaults where the template leaves them out, and the template's own values for the
 * settings the local pools only report (email and SMS configuration, tags, recovery…).
 * Dates are epoch seconds, as the JSON protocol carries them.
 */

type Props = Record<string, unknown>;

/** A template member, when the template sets it. */
const declared = (props: Props, name: string) => (props[name] === undefined ? {} : { [name]: props[name] });

function schemaAttributeType(attribute: SchemaAttribute): Record<string, unknown> {
  const constraints = attribute.dataType === 'String'
    ? { StringAttributeConstraints: { ...(attribute.minLength !== undefined && { MinLength: String(attribute.minLength) }), ...(attribute.maxLength !== undefined && { MaxLength: String(attribute.maxLength) }) } }
    : attribute.dataType === 'Number' ? { NumberAttributeConstraints: {} } : {};
  return { Name: attribute.name, AttributeDataType: attribute.dataType, DeveloperOnlyAttribute: false, Mutable: attribute.mutable, Required: attribute.required, ...constraints };
}

export function userPoolType(pool: UserPool): Record<string, unknown> {
  const { config } = pool;
  const props = config.declared;
  const since = pool.store.created / 1000;
  const policy = config.passwordPolicy;
  return {
    Id: config.id,
    Name: config.name,
    Arn: config.arn,
    Policies: {
      PasswordPolicy: {
        MinimumLength: policy.minimumLength,
        RequireUppercase: policy.requireUppercase,
        RequireLowercase: policy.requireLowercase,
        RequireNumbers: policy.requireNumbers,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
      },
    },
    DeletionProtection: props.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: Object.fromEntries(Object.entries(config.triggers).map(([name, arn]) => [name, arn])),
    LastModifiedDate: since,
    CreationDate: since,
    SchemaAttributes: [...config.schema.values()].map(schemaAttributeType),
    AutoVerifiedAttributes: config.autoVerifiedAttributes,
    ...(config.aliasAttributes.length > 0 && { AliasAttributes: config.aliasAttributes }),
    ...(config.usernameAttributes.length > 0 && { UsernameAttributes: config.usernameAttributes }),
    ...declared(props, 'SmsVerificationMessage'),
    ...declared(props, 'EmailVerificationMessage'),
    ...declared(props, 'EmailVerificationSubject'),
    VerificationMessageTemplate: {
      SmsMessage: config.verification.smsMessage,
      EmailMessage: config.verification.emailMessage,
      EmailSubject: config.verification.emailSubject,
      DefaultEmailOption: (props.VerificationMessageTemplate as Props | undefined)?.DefaultEmailOption ?? 'CONFIRM_WITH_CODE',
    },
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: config.attributesRequireVerificationBeforeUpdate },
    MfaConfiguration: config.mfaConfiguration,
    EstimatedNumberOfUsers: pool.store.size,
    EmailConfiguration: props.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    ...declared(props, 'SmsConfiguration'),
    UserPoolTags: props.UserPoolTags ?? {},
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: config.allowAdminCreateUserOnly,
      UnusedAccountValidityDays: policy.temporaryPasswordValidityDays,
      InviteMessageTemplate: { SMSMessage: config.invitation.smsMessage, EmailMessage: config.invitation.emailMessage, EmailSubject: config.invitation.emailSubject },
    },
    UsernameConfiguration: { CaseSensitive: config.caseSensitive },
    ...declared(props, 'AccountRecoverySetting'),
    ...declared(props, 'UserPoolAddOns'),
    UserPoolTier: props.UserPoolTier ?? 'ESSENTIALS',
  };
}

/** Cognito's defaults for a client that declares no validity: 30 days, 60 minutes, 60 minutes. */
const DEFAULT_VALIDITY = { RefreshTokenValidity: 30, AccessTokenValidity: 60, IdTokenValidity: 60 } as const;
const DEFAULT_UNITS = { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' } as const;

export function userPoolClientType(pool: UserPool, client: UserPoolClientConfig): Record<string, unknown> {
  const props = client.declared;
  const since = pool.store.created / 1000;
  const units = props.TokenValidityUnits as Props | undefined;
  return {
    UserPoolId: client.userPoolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret !== undefined && { ClientSecret: client.secret }),
    LastModifiedDate: since,
    CreationDate: since,
    RefreshTokenValidity: props.RefreshTokenValidity ?? DEFAULT_VALIDITY.RefreshTokenValidity,
    AccessTokenValidity: props.AccessTokenValidity ?? DEFAULT_VALIDITY.AccessTokenValidity,
    IdTokenValidity: props.IdTokenValidity ?? DEFAULT_VALIDITY.IdTokenValidity,
    // A template that sets a validity without units means CloudFormation's default units (hours, hours, days).
    TokenValidityUnits: units ?? (props.AccessTokenValidity !== undefined || props.IdTokenValidity !== undefined ? { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' } : DEFAULT_UNITS),
    ...(client.readAttributes !== undefined && { ReadAttributes: client.readAttributes }),
    ...(client.writeAttributes !== undefined && { WriteAttributes: client.writeAttributes }),
    ExplicitAuthFlows: [...client.explicitAuthFlows],
    ...declared(props, 'SupportedIdentityProviders'),
    ...declared(props, 'CallbackURLs'),
    ...declared(props, 'LogoutURLs'),
    ...declared(props, 'DefaultRedirectURI'),
    ...declared(props, 'AllowedOAuthFlows'),
    ...declared(props, 'AllowedOAuthScopes'),
    AllowedOAuthFlowsUserPoolClient: props.AllowedOAuthFlowsUserPoolClient === true,
    PreventUserExistenceErrors: client.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
    EnableTokenRevocation: client.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: props.EnablePropagateAdditionalUserContextData === true,
    AuthSessionValidity: client.authSessionValiditySeconds / 60,
    ...(client.refreshTokenRotation.enabled && { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: client.refreshTokenRotation.retryGracePeriodSeconds } }),
  };
}
