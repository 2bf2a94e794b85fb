import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../reporter';
import type { SegmentDocument } from '../tracing';
import { SegmentRejection } from './errors';
import { readSegment } from './segment-document';

/** The daemon protocol's header line, which precedes every document in a datagram. */
const HEADER = /^\{\s*"format"\s*:\s*"json"\s*,\s*"version"\s*:\s*1\s*\}\n/;

/** The socket's receive buffer: room for a burst of ~8,000 1 KB segments while the event loop is busy. */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * The X-Ray daemon's UDP side, on loopback: each datagram is `{"format":"json","version":1}\n`
 * then one segment document, as `aws-xray-sdk-core` (and Powertools' Tracer on it) sends them.
 * The daemon acknowledges nothing, so a document it cannot take is logged and dropped.
 * @example
 * const daemon = await XrayDaemon.listen({ port: 0, log, ingest: (documents) => store.add(documents) });
 * daemon.address; // '127.0.0.1:53211', given to functions as AWS_XRAY_DAEMON_ADDRESS
 */
export class XrayDaemon {
  private constructor(
    private readonly socket: Socket,
    readonly address: string,
  ) {}

  static listen(options: { port: number; log: Logger; ingest(documents: (SegmentDocument & { trace_id: string })[], texts: string[]): void }): Promise<XrayDaemon> {
    const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
    // Documents of one turn of the event loop are handed over together (one append to the store).
    let batch: (SegmentDocument & { trace_id: string })[] = [];
    let texts: string[] = [];
    const handOver = () => {
      const documents = batch;
      const received = texts;
      batch = [];
      texts = [];
      options.ingest(documents, received);
    };
    socket.on('message', (message) => {
      const text = message.toString('utf8');
      const header = HEADER.exec(text);
      if (!header) {
        options.log.warn('X-Ray daemon: a datagram without the {"format":"json","version":1} header was dropped');
        return;
      }
      try {
        const body = text.slice(header[0].length);
        const document = readSegment(body);
        if (batch.length === 0) setImmediate(handOver);
        batch.push(document);
        texts.push(body);
      } catch (error) {
        if (!(error instanceof SegmentRejection)) throw error;
        options.log.warn(`X-Ray daemon: a segment document was dropped (${error.errorCode}: ${error.message})`);
      }
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port, '127.0.0.1', () => {
        socket.off('error', reject);
        socket.on('error', (error) => options.log.error(`X-Ray daemon socket: ${error.message}`));
        resolve(new XrayDaemon(socket, `127.0.0.1:${socket.address().port}`));
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
