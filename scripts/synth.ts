/** `npm run synth`: offline synthesis of amplify/backend.ts into .amplify/local/cdk.out. */
import { SynthesisError, synthesize } from '../local/assembly/synthesize';
import { Reporter } from '../local/reporter';

const log = new Reporter().for('synth');
const force = process.argv.includes('--force');

try {
  const result = await synthesize({ projectDir: process.cwd(), force, onProgress: (message) => log.info(`${message}…`) });
  const seconds = (result.durationMs / 1000).toFixed(2);
  log.done(
    result.cached
      ? `cache hit: amplify/ unchanged, using ${result.outDir} (${seconds} s)`
      : `synthesized into ${result.outDir} in ${seconds} s`,
  );
} catch (error) {
  if (error instanceof SynthesisError) {
    log.error(error.message);
    process.stderr.write(`\n${error.details}\n\n`);
    log.info(error.resolution);
    process.exit(1);
  }
  throw error;
}
