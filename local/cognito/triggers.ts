import { LOCAL_ACCOUNT } from '../assembly';
import type { LambdaService } from '../lambda/types';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import { InvalidLambdaResponseException, UnexpectedLambdaException, UserLambdaValidationException } from './errors';
import type { TriggerName, UserPoolConfig } from './pool-config';

/** What an operation says about one trigger invocation; the runner adds the common fields. */
export interface TriggerCall {
  trigger: TriggerName;
  /** `PreSignUp_SignUp`, `PostConfirmation_ConfirmSignUp`, `TokenGeneration_Authentication`… */
  triggerSource: string;
  userName: string;
  /** The app client of the request; admin operations have none. */
  clientId?: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  /** Event `version`: `1`, or the pre token generation version the pool asks for. */
  version?: string;
  /** Cognito reads nothing back (custom senders return nothing): any output is accepted. */
  ignoresOutput?: boolean;
}

/** The fields every Cognito trigger event carries, in Cognito's order. */
export interface TriggerEvent {
  version: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  triggerSource: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/**
 * Invokes the Lambda triggers a pool declares through the local Lambda service, with
 * Cognito's event shapes, and turns their failures into Cognito's errors. A declared
 * trigger is never skipped: without the Lambda service the operation fails, naming it.
 */
export class TriggerRunner {
  constructor(private readonly services: ServiceRegistry, private readonly log: Logger) {}

  /** Whether the pool declares the trigger. */
  declared(pool: UserPoolConfig, trigger: TriggerName): boolean {
    return pool.triggers[trigger] !== undefined;
  }

  /**
   * Runs the trigger when the pool declares it and returns its `response`; returns undefined
   * when the pool does not declare it.
   * @example
   * const response = await triggers.run(pool, { trigger: 'PreSignUp', triggerSource: 'PreSignUp_SignUp', userName, clientId,
   *   request: { userAttributes, validationData: null }, response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false } });
   */
  async run(pool: UserPoolConfig, call: TriggerCall): Promise<Record<string, unknown> | undefined> {
    const arn = pool.triggers[call.trigger];
    if (!arn) return undefined;
    const lambda = this.services.find<LambdaService>('lambda');
    if (!lambda) {
      const message = `Trigger ${call.trigger} is declared on user pool ${pool.id} (${arn}) but the local Lambda service is not running`;
      this.log.error(message);
      throw new UnexpectedLambdaException(message);
    }
    const event: TriggerEvent = {
      version: call.version ?? '1',
      region: LOCAL_ACCOUNT.region,
      userPoolId: pool.id,
      userName: call.userName,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
      triggerSource: call.triggerSource,
      request: call.request,
      response: call.response,
    };
    let result: Awaited<ReturnType<LambdaService['invoke']>>;
    try {
      result = await lambda.invoke(arn, event, { invocationType: 'RequestResponse', source: `cognito ${call.trigger}` });
    } catch (error) {
      this.log.error(`${call.trigger} trigger ${arn} could not be invoked: ${(error as Error).message}`);
      throw new UnexpectedLambdaException(`${call.trigger} invocation failed due to error ${(error as Error).message}.`);
    }
    if (result.functionError) {
      const message = result.error?.errorMessage ?? JSON.stringify(result.payload);
      this.log.warn(`${call.trigger} trigger failed (${call.triggerSource}): ${result.error?.errorType ?? 'Error'}: ${message}`);
      throw new UserLambdaValidationException(`${call.trigger} failed with error ${message}.`);
    }
    if (call.ignoresOutput) return {};
    const payload = result.payload as Partial<TriggerEvent> | null;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new InvalidLambdaResponseException('Unrecognizable lambda output');
    }
    const response = payload.response ?? {};
    if (typeof response !== 'object' || response === null || Array.isArray(response)) {
      throw new InvalidLambdaResponseException('Unrecognizable lambda output');
    }
    return response;
  }
}
