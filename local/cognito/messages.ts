import { randomUUID } from 'node:crypto';
import type { Logger } from '../reporter';
import { maskDestination } from './attributes';
import type { CustomSenders } from './custom-senders';
import { InvalidLambdaResponseException, LimitExceededException } from './errors';
import type { MessageTemplate } from './pool-config';
import type { TriggerRunner } from './triggers';
import type { UserPool } from './user-pool';
import type { CodePurpose, StoredUser } from './user-store';

/** CodeDeliveryDetailsType. */
export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: string;
}

/** Why a message goes out; also the suffix of the CustomMessage trigger source. */
export type MessageKind = 'SignUp' | 'ResendCode' | 'ForgotPassword' | 'UpdateUserAttribute' | 'VerifyUserAttribute' | 'AdminCreateUser';

export interface SendOptions {
  pool: UserPool;
  user: StoredUser;
  kind: MessageKind;
  /** `email` or `phone_number`: where it goes. */
  attribute: string;
  /** The address, when not the attribute's current value (an update awaiting verification). */
  to?: string;
  /** The code's purpose; absent for invitations, which carry a temporary password instead. */
  purpose?: CodePurpose;
  validitySeconds?: number;
  /** For invitations: the temporary password the message carries. */
  secret?: string;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/**
 * What the pool would email or text: a code (or an invitation), rendered from the pool's
 * templates or its CustomMessage trigger, kept in the pool's outbox and announced on the
 * console; or, where the pool declares a custom sender for the medium, handed encrypted to
 * that function instead, as Cognito does. Nothing leaves the machine.
 */
export class Mailer {
  constructor(
    private readonly triggers: TriggerRunner,
    private readonly senders: CustomSenders,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Which attribute a code for sign-up goes to: a phone number when the pool verifies phones, else email. */
  static signUpAttribute(pool: UserPool, user: StoredUser): string | undefined {
    const auto = pool.config.autoVerifiedAttributes;
    if (auto.includes('phone_number') && user.attributes.phone_number) return 'phone_number';
    if (auto.includes('email') && user.attributes.email) return 'email';
    return undefined;
  }

  /**
   * Sends a code (or invitation) and returns CodeDeliveryDetails. Throws LimitExceededException
   * when the user asked for too many codes within the hour.
   * @example
   * const details = await mailer.send({ pool, user, kind: 'SignUp', attribute: 'email', purpose: 'signUp', validitySeconds: 86400 });
   */
  async send(options: SendOptions): Promise<CodeDeliveryDetails> {
    const { pool, user, kind, attribute } = options;
    const medium = attribute === 'phone_number' ? 'SMS' : 'EMAIL';
    const to = options.to ?? user.attributes[attribute];
    if (options.purpose && !pool.allowCodeSend(user.username, options.purpose)) throw new LimitExceededException();
    const code = options.purpose ? pool.issueCode(user, options.purpose, options.validitySeconds ?? 3600, attribute) : options.secret ?? '';
    const details: CodeDeliveryDetails = { Destination: maskDestination(medium, to), DeliveryMedium: medium, AttributeName: attribute };
    if (this.senders.declared(pool, medium)) {
      // A custom sender replaces Cognito's own message (and the CustomMessage trigger): the code goes to it, encrypted.
      await this.senders.send({ pool, user, kind, medium, secret: code, clientId: options.clientId, clientMetadata: options.clientMetadata });
      this.log.info(`${kind} ${kind === 'AdminCreateUser' ? 'invitation' : 'code'} for ${to} handed to the custom ${medium === 'SMS' ? 'SMS' : 'email'} sender, encrypted with the pool's KMS key`);
      return details;
    }
    const template = templateFor(pool, kind);
    let subject = template.emailSubject;
    let message = medium === 'SMS' ? template.smsMessage : template.emailMessage;

    const custom = await this.triggers.run(pool.config, {
      trigger: 'CustomMessage',
      triggerSource: `CustomMessage_${kind}`,
      userName: user.username,
      clientId: options.clientId,
      request: {
        userAttributes: { ...user.attributes, 'cognito:user_status': user.status },
        codeParameter: '{####}',
        linkParameter: '{##Click Here##}',
        usernameParameter: kind === 'AdminCreateUser' ? '{username}' : null,
        ...(options.clientMetadata && { clientMetadata: options.clientMetadata }),
      },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    });
    if (custom) {
      const customMessage = medium === 'SMS' ? custom.smsMessage : custom.emailMessage;
      if (typeof customMessage === 'string') {
        if (!customMessage.includes('{####}')) {
          throw new InvalidLambdaResponseException(`Invalid lambda response: the CustomMessage ${medium === 'SMS' ? 'smsMessage' : 'emailMessage'} must contain the code parameter {####}`);
        }
        message = customMessage;
      }
      if (typeof custom.emailSubject === 'string') subject = custom.emailSubject;
    }

    const rendered = message.replaceAll('{####}', code).replaceAll('{username}', user.username);
    pool.store.deliver({
      id: randomUUID(),
      userPoolId: pool.id,
      to,
      medium,
      kind,
      username: user.username,
      ...(medium === 'EMAIL' && { subject }),
      message: rendered,
      code,
      at: new Date(this.now()).toISOString(),
    });
    // Invitations carry a temporary password: it goes to the outbox (the "email"), not the console.
    if (kind === 'AdminCreateUser') this.log.info(`invitation for ${user.username} to ${to} is in the outbox`);
    else this.log.info(`${kind} code for ${to}: ${code}`);
    return details;
  }
}

/**
 * The pool's own template for each kind of message. Invitations have theirs; everything
 * that carries a code uses the verification template's code form, as Cognito documents:
 * "Amazon Cognito sends links with your link-based template in the verification messages
 * when users sign up or resend a confirmation code. Emails from attribute-update and
 * password-reset operations use the code template." (The local pools always send codes:
 * the link form is reported at start as not honoured.) So a pool whose verification
 * subject is "Verify your new account" sends that subject with a password reset, on AWS too.
 */
function templateFor(pool: UserPool, kind: MessageKind): MessageTemplate {
  switch (kind) {
    case 'AdminCreateUser':
      return pool.config.invitation;
    case 'SignUp':
    case 'ResendCode':
    case 'ForgotPassword':
    case 'UpdateUserAttribute':
    case 'VerifyUserAttribute':
      return pool.config.verification;
  }
}

/** What account confirmation answers for a user that does not exist, when existence is hidden. */
export function simulatedDelivery(name: string): CodeDeliveryDetails {
  const email = name.includes('@');
  return { Destination: email ? maskDestination('EMAIL', name) : maskDestination('SMS', '+10000000000'), DeliveryMedium: email ? 'EMAIL' : 'SMS', AttributeName: email ? 'email' : 'phone_number' };
}
