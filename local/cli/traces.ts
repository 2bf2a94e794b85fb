import path from 'node:path';
import { stateHolder } from '../state';
import { timelineOf } from '../xray/timeline';
import { CliError, usageError } from './errors';
import type { Command } from './main';

/** The default number of traces shown. */
const DEFAULT_COUNT = 5;

/**
 * `flare-local traces`: the last N traces of a running local cloud as indented timelines, read
 * through its X-Ray API with the AWS SDK (what the AWS CLI or a console would read).
 */
export const traces: Command = {
  summary: 'print the last traces of the running local cloud as timelines',
  usage: 'flare-local traces [--count N] [--filter EXPRESSION] [--minutes M] [--endpoint URL] [--state-dir DIR]',
  options: { count: { type: 'string' }, filter: { type: 'string' }, minutes: { type: 'string' }, endpoint: { type: 'string' }, 'state-dir': { type: 'string' } },
  async run({ values, reporter }) {
    const count = Number(values.count ?? DEFAULT_COUNT);
    const minutes = Number(values.minutes ?? 60);
    if (!Number.isInteger(count) || count < 1) throw usageError(`--count must be a whole number of traces, not ${String(values.count)}`);
    if (!(minutes > 0 && minutes <= 24 * 60)) throw usageError('--minutes must be between 1 and 1440 (X-Ray reads at most 24 hours at a time)');
    const projectDir = path.resolve((values.project as string | undefined) ?? process.cwd());
    const stateDir = path.resolve(projectDir, (values['state-dir'] as string | undefined) ?? path.join('.amplify', 'local', 'state'));
    const endpoint = (values.endpoint as string | undefined) ?? stateHolder(stateDir)?.endpoint;
    if (!endpoint) throw new CliError(`No local cloud holds ${stateDir}`, 'Start it (npm run local / flare-local start), or pass --endpoint <url>.');
    const { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } = await import('@aws-sdk/client-xray');
    const xray = new XRayClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: process.env.FLARE_ROOT_ACCESS_KEY_ID ?? 'test', secretAccessKey: process.env.FLARE_ROOT_SECRET_ACCESS_KEY ?? 'test' }, maxAttempts: 1 });
    const { TraceSummaries = [] } = await xray.send(new GetTraceSummariesCommand({ StartTime: new Date(Date.now() - minutes * 60_000), EndTime: new Date(), FilterExpression: values.filter as string | undefined }));
    const ids = TraceSummaries.slice(0, count).map((summary) => summary.Id!);
    if (ids.length === 0) {
      reporter.print(`no traces in the last ${minutes} minutes${values.filter ? ` matching ${String(values.filter)}` : ''}`);
      return;
    }
    // BatchGetTraces takes five ids at a time; newest first, as the summaries come.
    for (let at = 0; at < ids.length; at += 5) {
      const { Traces = [] } = await xray.send(new BatchGetTracesCommand({ TraceIds: ids.slice(at, at + 5) }));
      const byId = new Map(Traces.map((trace) => [trace.Id, trace]));
      for (const id of ids.slice(at, at + 5)) {
        const trace = byId.get(id);
        if (trace) reporter.print(`${timelineOf(trace).join('\n')}\n`);
      }
    }
  },
};
