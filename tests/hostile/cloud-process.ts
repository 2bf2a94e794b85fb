/**
 * A local cloud in a process of its own, for the tests that kill it: Flare's assembly on a
 * free port, state in the directory given, stopped by SIGINT/SIGTERM exactly as `npm run
 * local` stops. Prints one line when ready: `ready <JSON of what the test needs>`.
 * The services that take writes run (no Lambda or scheduler: nothing here invokes a function).
 *   node --import tsx tests/hostile/cloud-process.ts <state-dir>
 */
import { Reporter, startLocalCloud, stopOnSignals } from '../../local';
import { defaultServices } from '../../local/services';

const SERVICES = ['iam', 'ssm', 'dynamodb', 's3', 'cognito', 'cognito-identity', 'appsync', 'appsync-realtime'];

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: cloud-process.ts <state-dir>');
const reporter = new Reporter({ level: 'error' });
const services = defaultServices().filter((service) => SERVICES.includes(service.name));
const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, stateDir, outputsFile: false, synth: false, reporter, services });
stopOnSignals(() => cloud.stop(), reporter.for('local'));
const { data, storage, auth } = cloud.outputs;
process.stdout.write(`ready ${JSON.stringify({ endpoint: cloud.endpoint, graphql: data!.url, apiKey: data!.api_key, bucket: storage!.bucket_name, userPoolId: auth!.user_pool_id, clientId: auth!.user_pool_client_id })}\n`);
