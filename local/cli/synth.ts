import { synthesize } from '../assembly/synthesize';
import { usageError } from './errors';
import type { Command } from './main';
import { checkBackendPackages, resolveProject } from './project';

export const synth: Command = {
  summary: 'synthesize amplify/ offline into .amplify/local/cdk.out (cached by content)',
  usage: '[--force]   --force: synthesize even when nothing changed',
  options: { force: { type: 'boolean', default: false } },
  async run({ values, positionals, reporter }) {
    if (positionals.length > 0) throw usageError(`synth takes no arguments (got ${positionals.join(' ')})`);
    const projectDir = resolveProject(values.project as string | undefined);
    checkBackendPackages(projectDir);
    const log = reporter.for('synth');
    const result = await synthesize({ projectDir, force: values.force as boolean, onProgress: (message) => log.info(`${message}…`) });
    const seconds = (result.durationMs / 1000).toFixed(2);
    log.done(result.cached ? `cache hit: amplify/ unchanged, using ${result.outDir} (${seconds} s)` : `synthesized into ${result.outDir} in ${seconds} s`);
    return 0;
  },
};
