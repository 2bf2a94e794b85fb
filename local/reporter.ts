/**
 * One levelled reporter for all console output of the local cloud, tagged by
 * service and request id. Nothing in local/ writes to the console directly.
 */
export const LogLevel = { debug: 10, info: 20, done: 25, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LogLevel;

export interface LogContext {
  /** The service or part speaking: `dynamodb`, `appsync`, `lambda:escalate`… */
  service: string;
  requestId?: string;
}

export interface LogRecord extends LogContext {
  level: Exclude<LogLevel, 'silent'>;
  message: string;
  time: Date;
}

export type LogSink = (record: LogRecord) => void;

const colours: Record<LogRecord['level'], string> = {
  debug: '\x1b[90m',
  info: '\x1b[36m',
  done: '\x1b[32m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
};
const symbols: Record<LogRecord['level'], string> = { debug: '·', info: '›', done: '✔', warn: '!', error: '✖' };

/** Writes records to stderr, coloured when it is a terminal. */
export function consoleSink(stream: NodeJS.WriteStream = process.stderr): LogSink {
  const colour = stream.isTTY === true;
  return (record) => {
    if (record.service === '') {
      stream.write(`${record.message}\n`);
      return;
    }
    const tag = record.requestId ? `${record.service} ${record.requestId.slice(0, 8)}` : record.service;
    const head = `${symbols[record.level]} [${tag}]`;
    stream.write(colour ? `${colours[record.level]}${head}\x1b[0m ${record.message}\n` : `${head} ${record.message}\n`);
  };
}

/**
 * @example
 * const reporter = new Reporter({ level: 'info' });
 * reporter.for('dynamodb').done('3 tables ready');
 */
export class Reporter {
  readonly level: LogLevel;
  private readonly sinks: LogSink[];

  constructor(options: { level?: LogLevel; sinks?: LogSink[] } = {}) {
    this.level = options.level ?? 'info';
    this.sinks = options.sinks ? [...options.sinks] : [consoleSink()];
  }

  /** A logger bound to one service (and optionally one request). */
  for(service: string, requestId?: string): Logger {
    return new Logger(this, { service, requestId });
  }

  /** Whether records of `level` are written (to skip building messages nobody sees). */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return LogLevel[level] >= LogLevel[this.level];
  }

  emit(record: LogRecord): void {
    if (LogLevel[record.level] < LogLevel[this.level]) return;
    for (const sink of this.sinks) sink(record);
  }

  /** Adds a sink (the console keeps recent warnings and errors); returns a function that removes it. */
  subscribe(sink: LogSink): () => void {
    this.sinks.push(sink);
    return () => {
      const index = this.sinks.indexOf(sink);
      if (index >= 0) this.sinks.splice(index, 1);
    };
  }

  /** Plain lines (tables, banners) that bypass levels but not silence. */
  print(text: string): void {
    if (this.level === 'silent') return;
    for (const sink of this.sinks) sink({ level: 'info', service: '', message: text, time: new Date() });
  }
}

export class Logger {
  constructor(private readonly reporter: Reporter, readonly context: LogContext) {}

  withRequest(requestId: string): Logger {
    return new Logger(this.reporter, { ...this.context, requestId });
  }

  debug(message: string): void { this.log('debug', message); }
  info(message: string): void { this.log('info', message); }
  done(message: string): void { this.log('done', message); }
  warn(message: string): void { this.log('warn', message); }
  error(message: string): void { this.log('error', message); }

  private log(level: LogRecord['level'], message: string): void {
    this.reporter.emit({ ...this.context, level, message, time: new Date() });
  }
}
