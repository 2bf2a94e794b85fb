import type { AssemblyResource, CloudAssembly } from '../assembly';
import type { Logger } from '../reporter';

/**
 * The settings of user pools, app clients and groups as the synthesized template declares
 * them, with Cognito's defaults filled in where a property is absent.
 */

export const USER_POOL_RESOURCE_TYPES = ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolGroup'] as const;

/** The Lambda triggers of `LambdaConfig`, by Cognito's property names. */
export const TRIGGER_NAMES = [
  'PreSignUp',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'PreTokenGeneration',
  'CustomMessage',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'UserMigration',
  'CustomEmailSender',
  'CustomSMSSender',
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  temporaryPasswordValidityDays: number;
}

export interface SchemaAttribute {
  /** `email`, `custom:tenant`… (custom attributes carry their prefix). */
  name: string;
  dataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  mutable: boolean;
  required: boolean;
  minLength?: number;
  maxLength?: number;
}

export interface MessageTemplate {
  emailMessage: string;
  emailSubject: string;
  smsMessage: string;
}

export interface UserPoolConfig {
  id: string;
  arn: string;
  /** `UserPoolName`, else the logical id (CloudFormation names unnamed pools after it). */
  name: string;
  /** The template's properties as evaluated, for DescribeUserPool's members the local pools only report. */
  declared: Record<string, unknown>;
  /** The part of the id after `_`: SRP hashes it into every verifier. */
  srpName: string;
  logicalId: string;
  cdkPath: string;
  /** `email` / `phone_number`: users sign in with these instead of a chosen username. */
  usernameAttributes: string[];
  /** Alternative sign-in attributes (`email`, `phone_number`, `preferred_username`), when verified. */
  aliasAttributes: string[];
  caseSensitive: boolean;
  passwordPolicy: PasswordPolicy;
  autoVerifiedAttributes: string[];
  /** Standard attributes (all of them) and the custom ones the template adds. */
  schema: Map<string, SchemaAttribute>;
  triggers: Partial<Record<TriggerName, string>>;
  /** `LambdaConfig.KMSKeyID`: the key custom senders' codes are encrypted for. */
  senderKmsKeyArn?: string;
  /** `V1_0`, `V2_0` or `V3_0` (PreTokenGenerationConfig.LambdaVersion). */
  preTokenGenerationVersion: '1' | '2' | '3';
  verification: MessageTemplate;
  invitation: MessageTemplate;
  allowAdminCreateUserOnly: boolean;
  /** Attributes whose new value only applies once verified. */
  attributesRequireVerificationBeforeUpdate: string[];
  /** `OFF`, `OPTIONAL` or `ON`. */
  mfaConfiguration: string;
  /** Settings the template declares that the local pools do not honour, for the start-up warnings. */
  unsupported: string[];
}

export interface UserPoolClientConfig {
  id: string;
  name: string;
  userPoolId: string;
  /** The template's properties as evaluated, for DescribeUserPoolClient's members the local pools only report. */
  declared: Record<string, unknown>;
  secret?: string;
  /** `ALLOW_*` names (legacy names are normalized to them). */
  explicitAuthFlows: Set<string>;
  /** `ENABLED` hides whether a user exists; `LEGACY` says UserNotFoundException. */
  preventUserExistenceErrors: boolean;
  enableTokenRevocation: boolean;
  accessTokenValiditySeconds: number;
  idTokenValiditySeconds: number;
  refreshTokenValiditySeconds: number;
  /** Sessions of challenge responses (AuthSessionValidity, minutes → seconds). */
  authSessionValiditySeconds: number;
  refreshTokenRotation: { enabled: boolean; retryGracePeriodSeconds: number };
  readAttributes?: string[];
  writeAttributes?: string[];
}

export interface UserPoolGroupConfig {
  name: string;
  userPoolId: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
}

/** Standard attributes every user pool has (OIDC's, plus Cognito's own). */
const STANDARD_ATTRIBUTES: readonly SchemaAttribute[] = [
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name',
  'nickname', 'phone_number', 'picture', 'preferred_username', 'profile', 'zoneinfo', 'website',
].map((name): SchemaAttribute => ({ name, dataType: 'String', mutable: true, required: false, maxLength: 2048 }))
  .concat([
    { name: 'sub', dataType: 'String', mutable: false, required: true, minLength: 1, maxLength: 2048 },
    { name: 'updated_at', dataType: 'Number', mutable: true, required: false },
    { name: 'email_verified', dataType: 'Boolean', mutable: true, required: false },
    { name: 'phone_number_verified', dataType: 'Boolean', mutable: true, required: false },
  ]);

const DEFAULT_VERIFICATION: MessageTemplate = {
  emailMessage: 'Your verification code is {####}. ',
  emailSubject: 'Your verification code',
  smsMessage: 'Your verification code is {####}. ',
};
const DEFAULT_INVITATION: MessageTemplate = {
  emailMessage: 'Your username is {username} and temporary password is {####}. ',
  emailSubject: 'Your temporary password',
  smsMessage: 'Your username is {username} and temporary password is {####}. ',
};

/** Pre-2019 flow names, still accepted in templates. */
const LEGACY_FLOWS: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
};

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

type Props = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : fallback);
const num = (value: unknown, fallback: number): number => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
};
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function readPool(resource: AssemblyResource): UserPoolConfig {
  const props = resource.properties() as Props;
  const id = resource.ref();
  const policy = ((props.Policies as Props | undefined)?.PasswordPolicy ?? {}) as Props;
  const schema = new Map(STANDARD_ATTRIBUTES.map((attribute) => [attribute.name, { ...attribute }]));
  for (const declared of (props.Schema as Props[] | undefined) ?? []) {
    const declaredName = str(declared.Name);
    if (!declaredName) continue;
    const standard = schema.get(declaredName);
    const name = standard ? declaredName : `custom:${declaredName}`;
    const constraints = (declared.StringAttributeConstraints ?? {}) as Props;
    schema.set(name, {
      name,
      dataType: (str(declared.AttributeDataType) as SchemaAttribute['dataType'] | undefined) ?? standard?.dataType ?? 'String',
      mutable: bool(declared.Mutable, true),
      required: bool(declared.Required, false),
      minLength: constraints.MinLength !== undefined ? num(constraints.MinLength, 0) : standard?.minLength,
      maxLength: constraints.MaxLength !== undefined ? num(constraints.MaxLength, 2048) : standard?.maxLength,
    });
  }
  const lambdaConfig = (props.LambdaConfig ?? {}) as Props;
  const triggers: Partial<Record<TriggerName, string>> = {};
  for (const name of TRIGGER_NAMES) {
    const value = lambdaConfig[name];
    const arn = str(value) ?? str((value as Props | undefined)?.LambdaArn);
    if (arn) triggers[name] = arn;
  }
  const tokenConfig = (lambdaConfig.PreTokenGenerationConfig ?? {}) as Props;
  if (str(tokenConfig.LambdaArn)) triggers.PreTokenGeneration = str(tokenConfig.LambdaArn);
  const version = str(tokenConfig.LambdaVersion) ?? 'V1_0';

  const template = (props.VerificationMessageTemplate ?? {}) as Props;
  const invite = (((props.AdminCreateUserConfig as Props | undefined)?.InviteMessageTemplate ?? {}) as Props);
  return {
    id,
    arn: String(resource.getAtt('Arn')),
    name: str(props.UserPoolName) ?? resource.logicalId,
    declared: props,
    srpName: id.slice(id.indexOf('_') + 1),
    logicalId: resource.logicalId,
    cdkPath: resource.cdkPath,
    usernameAttributes: strings(props.UsernameAttributes),
    aliasAttributes: strings(props.AliasAttributes),
    // Without UsernameConfiguration a pool is case sensitive, as pools created before the setting existed.
    caseSensitive: bool((props.UsernameConfiguration as Props | undefined)?.CaseSensitive, true),
    passwordPolicy: {
      minimumLength: num(policy.MinimumLength, 8),
      requireLowercase: bool(policy.RequireLowercase, true),
      requireUppercase: bool(policy.RequireUppercase, true),
      requireNumbers: bool(policy.RequireNumbers, true),
      requireSymbols: bool(policy.RequireSymbols, true),
      temporaryPasswordValidityDays: num(policy.TemporaryPasswordValidityDays, 7),
    },
    autoVerifiedAttributes: strings(props.AutoVerifiedAttributes),
    schema,
    triggers,
    ...(str(lambdaConfig.KMSKeyID) && { senderKmsKeyArn: str(lambdaConfig.KMSKeyID) }),
    preTokenGenerationVersion: version === 'V3_0' ? '3' : version === 'V2_0' ? '2' : '1',
    verification: {
      emailMessage: str(template.EmailMessage) ?? str(props.EmailVerificationMessage) ?? DEFAULT_VERIFICATION.emailMessage,
      emailSubject: str(template.EmailSubject) ?? str(props.EmailVerificationSubject) ?? DEFAULT_VERIFICATION.emailSubject,
      smsMessage: str(template.SmsMessage) ?? str(props.SmsVerificationMessage) ?? DEFAULT_VERIFICATION.smsMessage,
    },
    invitation: {
      emailMessage: str(invite.EmailMessage) ?? DEFAULT_INVITATION.emailMessage,
      emailSubject: str(invite.EmailSubject) ?? DEFAULT_INVITATION.emailSubject,
      smsMessage: str(invite.SMSMessage) ?? DEFAULT_INVITATION.smsMessage,
    },
    allowAdminCreateUserOnly: bool((props.AdminCreateUserConfig as Props | undefined)?.AllowAdminCreateUserOnly, false),
    attributesRequireVerificationBeforeUpdate: strings((props.UserAttributeUpdateSettings as Props | undefined)?.AttributesRequireVerificationBeforeUpdate),
    mfaConfiguration: str(props.MfaConfiguration) ?? 'OFF',
    unsupported: unsupportedSettings(props, triggers),
  };
}

/** What a pool declares that runs differently or not at all locally (said at start-up). */
function unsupportedSettings(props: Props, triggers: Partial<Record<TriggerName, string>>): string[] {
  const out: string[] = [];
  if (str(props.MfaConfiguration) === 'ON') out.push('MfaConfiguration ON (sign-in needs MFA, which the local pools do not run: sign-ins will fail)');
  if (str((props.VerificationMessageTemplate as Props | undefined)?.DefaultEmailOption) === 'CONFIRM_WITH_LINK') out.push('DefaultEmailOption CONFIRM_WITH_LINK (codes are sent instead of links)');
  if ((props.Policies as Props | undefined)?.PasswordPolicy && ((props.Policies as Props).PasswordPolicy as Props).PasswordHistorySize !== undefined) out.push('PasswordPolicy.PasswordHistorySize (earlier passwords are not remembered)');
  if (triggers.DefineAuthChallenge) out.push('custom authentication challenges (CUSTOM_AUTH fails, naming it)');
  if (triggers.UserMigration) out.push('the UserMigration trigger (sign-ins of unknown users fail, naming it)');
  return out;
}

function validity(value: unknown, unit: unknown, defaultUnit: string, fallbackSeconds: number): number {
  if (value === undefined) return fallbackSeconds;
  return num(value, 0) * (UNIT_SECONDS[str(unit) ?? defaultUnit] ?? UNIT_SECONDS[defaultUnit]);
}

function readClient(resource: AssemblyResource): UserPoolClientConfig {
  const props = resource.properties() as Props;
  const declared = props.ExplicitAuthFlows === undefined ? undefined : strings(props.ExplicitAuthFlows);
  // Cognito's default when a client names no flows.
  const flows = new Set((declared ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']).map((flow) => LEGACY_FLOWS[flow] ?? flow));
  // Clients that use only legacy names still refresh: Cognito adds ALLOW_REFRESH_TOKEN_AUTH for them.
  if (declared && declared.every((flow) => flow in LEGACY_FLOWS)) flows.add('ALLOW_REFRESH_TOKEN_AUTH');
  const units = (props.TokenValidityUnits ?? {}) as Props;
  const rotation = (props.RefreshTokenRotation ?? {}) as Props;
  return {
    id: resource.ref(),
    name: str(props.ClientName) ?? resource.logicalId,
    userPoolId: String(props.UserPoolId),
    declared: props,
    secret: bool(props.GenerateSecret, false) ? String(resource.getAtt('ClientSecret')) : undefined,
    explicitAuthFlows: flows,
    preventUserExistenceErrors: str(props.PreventUserExistenceErrors) === 'ENABLED',
    enableTokenRevocation: bool(props.EnableTokenRevocation, true),
    accessTokenValiditySeconds: validity(props.AccessTokenValidity, units.AccessToken, 'hours', 3600),
    idTokenValiditySeconds: validity(props.IdTokenValidity, units.IdToken, 'hours', 3600),
    refreshTokenValiditySeconds: validity(props.RefreshTokenValidity, units.RefreshToken, 'days', 30 * 86_400),
    authSessionValiditySeconds: num(props.AuthSessionValidity, 3) * 60,
    refreshTokenRotation: { enabled: str(rotation.Feature) === 'ENABLED', retryGracePeriodSeconds: num(rotation.RetryGracePeriodSeconds, 0) },
    readAttributes: props.ReadAttributes === undefined ? undefined : strings(props.ReadAttributes),
    writeAttributes: props.WriteAttributes === undefined ? undefined : strings(props.WriteAttributes),
  };
}

function readGroup(resource: AssemblyResource): UserPoolGroupConfig {
  const props = resource.properties() as Props;
  return {
    name: resource.ref(),
    userPoolId: String(props.UserPoolId),
    description: str(props.Description),
    precedence: props.Precedence === undefined ? undefined : num(props.Precedence, 0),
    roleArn: str(props.RoleArn),
  };
}

export interface UserPoolDefinitions {
  pools: UserPoolConfig[];
  clients: UserPoolClientConfig[];
  groups: UserPoolGroupConfig[];
}

/**
 * Every user pool, app client and group of the assembly. Clients and groups of a pool the
 * assembly does not hold are reported and left out.
 * @example
 * const { pools, clients } = readUserPools(assembly, log);
 */
export function readUserPools(assembly: CloudAssembly, log: Logger): UserPoolDefinitions {
  const pools = assembly.ofType('AWS::Cognito::UserPool').map(readPool);
  const known = new Set(pools.map((pool) => pool.id));
  const belongs = <T extends { userPoolId: string }>(kind: string, name: (item: T) => string) => (item: T) => {
    if (known.has(item.userPoolId)) return true;
    log.warn(`${kind} ${name(item)} names user pool ${item.userPoolId}, which is not in the cloud assembly; it is not run`);
    return false;
  };
  return {
    pools,
    clients: assembly.ofType('AWS::Cognito::UserPoolClient').map(readClient).filter(belongs('App client', (c) => c.name)),
    groups: assembly.ofType('AWS::Cognito::UserPoolGroup').map(readGroup).filter(belongs('Group', (g) => g.name)),
  };
}
