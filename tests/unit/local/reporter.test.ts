/** The one levelled reporter every part of the local cloud writes through. */
import { describe, expect, it } from 'vitest';
import { consoleSink, LogLevel, Reporter, type LogRecord } from '../../../local/reporter';

function recorder(level?: LogLevel) {
  const records: LogRecord[] = [];
  return { reporter: new Reporter({ level, sinks: [(record) => records.push(record)] }), records };
}

/** A stand-in for process.stderr: what a console sink writes, and whether it is a terminal. */
function stream(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream };
}

const everyLevel = (reporter: Reporter) => {
  const log = reporter.for('dynamodb');
  log.debug('d');
  log.info('i');
  log.done('ok');
  log.warn('w');
  log.error('e');
};

describe('levels', () => {
  it('keep records at or above the reporter\'s level', () => {
    const expectations: [LogLevel, string[]][] = [
      ['debug', ['d', 'i', 'ok', 'w', 'e']],
      ['info', ['i', 'ok', 'w', 'e']],
      ['done', ['ok', 'w', 'e']],
      ['warn', ['w', 'e']],
      ['error', ['e']],
      ['silent', []],
    ];
    for (const [level, kept] of expectations) {
      const { reporter, records } = recorder(level);
      everyLevel(reporter);
      expect(records.map((record) => record.message), level).toEqual(kept);
    }
  });

  it('default to info', () => {
    const { reporter, records } = recorder();
    expect(reporter.level).toBe('info');
    everyLevel(reporter);
    expect(records.map((record) => record.level)).toEqual(['info', 'done', 'warn', 'error']);
  });
});

describe('records', () => {
  it('carry level, service, message and time, and go to every sink', () => {
    const first: LogRecord[] = [];
    const second: LogRecord[] = [];
    const reporter = new Reporter({ level: 'debug', sinks: [(r) => first.push(r), (r) => second.push(r)] });
    const before = Date.now();
    reporter.for('cognito').warn('password too short');
    expect(first).toEqual([{ service: 'cognito', level: 'warn', message: 'password too short', time: expect.any(Date) }]);
    expect(first[0].requestId).toBeUndefined();
    expect(first[0].time.getTime()).toBeGreaterThanOrEqual(before);
    expect(second).toEqual(first);
  });

  it('carry the request id of a logger bound to a request, without changing the service\'s logger', () => {
    const { reporter, records } = recorder('debug');
    const log = reporter.for('appsync');
    log.withRequest('0f8fad5b-d9cb-469f-a165-70867728950e').info('resolved Query.getIncident');
    log.info('no request');
    reporter.for('lambda:escalate', 'abc-123').error('timed out');
    expect(records.map(({ service, requestId, message }) => ({ service, requestId, message }))).toEqual([
      { service: 'appsync', requestId: '0f8fad5b-d9cb-469f-a165-70867728950e', message: 'resolved Query.getIncident' },
      { service: 'appsync', requestId: undefined, message: 'no request' },
      { service: 'lambda:escalate', requestId: 'abc-123', message: 'timed out' },
    ]);
  });
});

describe('print', () => {
  it('bypasses levels: tables and banners show even when only errors do', () => {
    const { reporter, records } = recorder('error');
    reporter.print('┌ endpoint http://127.0.0.1:4566');
    expect(records).toEqual([{ level: 'info', service: '', message: '┌ endpoint http://127.0.0.1:4566', time: expect.any(Date) }]);
  });

  it('but not silent', () => {
    const { reporter, records } = recorder('silent');
    reporter.print('table');
    expect(records).toEqual([]);
  });
});

describe('consoleSink', () => {
  const record = (over: Partial<LogRecord> = {}): LogRecord => ({ level: 'done', service: 'dynamodb', message: '3 tables ready', time: new Date(), ...over });

  it('tags a line with the service and the first 8 characters of the request id', () => {
    const { lines, stream: out } = stream(false);
    const sink = consoleSink(out);
    sink(record());
    sink(record({ level: 'error', service: 'edge', requestId: '0f8fad5b-d9cb-469f-a165-70867728950e', message: 'boom' }));
    expect(lines).toEqual(['✔ [dynamodb] 3 tables ready\n', '✖ [edge 0f8fad5b] boom\n']);
  });

  it('colours the tag on a terminal only', () => {
    const { lines, stream: tty } = stream(true);
    consoleSink(tty)(record({ level: 'warn' }));
    expect(lines).toEqual(['\x1b[33m! [dynamodb]\x1b[0m 3 tables ready\n']);
  });

  it('writes printed lines as they are', () => {
    const { lines, stream: out } = stream(true);
    const reporter = new Reporter({ sinks: [consoleSink(out)] });
    reporter.print('plain table row');
    expect(lines).toEqual(['plain table row\n']);
  });
});
