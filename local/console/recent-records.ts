import type { LogRecord, LogSink } from '../reporter';

/** How many warnings and errors the console keeps. */
const KEPT = 200;

/** The latest warnings and errors of a local cloud, newest last, for the console's overview. */
export class RecentRecords {
  private readonly records: LogRecord[] = [];

  /** A reporter sink: keeps warn and error records, dropping the oldest past the limit. */
  readonly sink: LogSink = (record) => {
    if (record.level !== 'warn' && record.level !== 'error') return;
    this.records.push(record);
    if (this.records.length > KEPT) this.records.splice(0, this.records.length - KEPT);
  };

  list(): readonly LogRecord[] {
    return this.records;
  }
}
