import { KMS } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import type { IamService } from '../iam/types';
import type { ServiceRegistry } from '../service';
import { UnexpectedLambdaException } from './errors';
import type { MessageKind } from './messages';
import type { TriggerRunner } from './triggers';
import type { UserPool } from './user-pool';
import type { StoredUser } from './user-store';

export interface SenderMessage {
  pool: UserPool;
  user: StoredUser;
  kind: MessageKind;
  medium: 'EMAIL' | 'SMS';
  /** The code or temporary password, before encryption. */
  secret: string;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/**
 * Cognito's custom email and SMS senders (`LambdaConfig.CustomEmailSender` /
 * `CustomSMSSender`): instead of sending a message itself, the pool invokes the sender function
 * with the code (or temporary password) encrypted as Cognito encrypts it, with the AWS
 * Encryption SDK and a KMS keyring on the pool's `KMSKeyID`, here the local KMS. A sender
 * written for AWS (`buildClient(...).decrypt` with a `KmsKeyringNode`) decrypts it unchanged.
 *
 * Locally the keyring's KMS calls are made with the account root's credentials (on AWS,
 * Cognito uses the key through its own service access): the key policy must let the account
 * use the key, as the default policy and Amplify's key do.
 */
export class CustomSenders {
  constructor(
    private readonly triggers: TriggerRunner,
    private readonly services: ServiceRegistry,
    private readonly endpoint: string,
  ) {}

  /** Whether the pool hands messages of this medium to a sender function. */
  declared(pool: UserPool, medium: 'EMAIL' | 'SMS'): boolean {
    return this.triggers.declared(pool.config, medium === 'EMAIL' ? 'CustomEmailSender' : 'CustomSMSSender');
  }

  /** Encrypts the secret for the pool's key and invokes the sender with Cognito's event. */
  async send(message: SenderMessage): Promise<void> {
    const { pool, user, kind, medium } = message;
    const trigger = medium === 'EMAIL' ? 'CustomEmailSender' : 'CustomSMSSender';
    const code = await this.encrypt(pool, message.secret);
    await this.triggers.run(pool.config, {
      trigger,
      triggerSource: `${trigger}_${kind}`,
      userName: user.username,
      clientId: message.clientId,
      request: {
        type: medium === 'EMAIL' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
        code,
        userAttributes: { ...user.attributes, 'cognito:user_status': user.status },
        clientMetadata: message.clientMetadata ?? null,
      },
      response: {},
      ignoresOutput: true,
    });
  }

  /** The Encryption SDK's message for the secret under the pool's KMS key, base64 as Cognito sends it. */
  private async encrypt(pool: UserPool, secret: string): Promise<string> {
    const keyArn = pool.config.senderKmsKeyArn;
    if (!keyArn) throw new UnexpectedLambdaException(`User pool ${pool.id} declares a custom sender but no LambdaConfig.KMSKeyID to encrypt its codes with`);
    const iam = this.services.find<IamService>('iam');
    if (!this.services.find('kms') || !iam) throw new UnexpectedLambdaException(`User pool ${pool.id}'s custom sender needs its KMS key ${keyArn}, but the local KMS is not running`);
    const kms = new KMS({ endpoint: this.endpoint, region: keyArn.split(':')[3], credentials: iam.rootCredentials, maxAttempts: 1 });
    try {
      const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: () => kms });
      const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
      const { result } = await encrypt(keyring, secret);
      return Buffer.from(result).toString('base64');
    } catch (error) {
      throw new UnexpectedLambdaException(`The code for ${pool.id}'s custom sender could not be encrypted with KMS key ${keyArn}: ${(error as Error).name}: ${(error as Error).message}`);
    } finally {
      kms.destroy();
    }
  }
}
