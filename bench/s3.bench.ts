/**
 * Local S3 on loopback, with the local cloud in its own process (as `npm run local` runs
 * it) and the real SDK v3 client in this one, signed as the local root (SigV4 verified
 * by the local IAM service on every request):
 *   - 1 MiB PutObject and GetObject latency (target p50 ≤ 10 ms), on disk (the default; written, not fsynced) and in memory;
 *   - 50 MiB multipart upload throughput, 10 × 5 MiB parts, 4 in flight (target ≥ 200 MiB/s):
 *     with the SDK's defaults (it hashes every part twice for SigV4 and CRC32 over plain http),
 *     and with presigned UploadPart URLs (UNSIGNED-PAYLOAD: what the server itself sustains);
 *   - 1 MiB PutObject and SDK multipart again with SSE-S3 headers, and with SSE-C (a customer
 *     key: every byte encrypted at rest).
 * Beside wall-clock figures (which include the client and whatever else runs on the
 * machine), each line gives the local cloud process's own CPU time per operation.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Reporter, startLocalCloud } from '../local';
import { iamService } from '../local/iam';
import { s3Service } from '../local/s3';
import { report, sample, summarize } from './stats';

const MiB = 1024 * 1024;

/** Encryption parameters a benchmark adds to its writes. */
type Encryption = { ServerSideEncryption?: 'AES256'; SSECustomerAlgorithm?: string; SSECustomerKey?: string };

/** Child mode: run the local cloud (IAM + S3) and print its endpoint and bucket; stop when stdin closes. */
async function serve(): Promise<void> {
  const stateDir = process.env.FLARE_BENCH_STATE_DIR || undefined;
  const cloud = await startLocalCloud({
    projectDir: process.cwd(),
    port: 0,
    inMemory: stateDir === undefined,
    stateDir,
    outputsFile: false,
    synth: false,
    services: [iamService(), s3Service()],
    reporter: new Reporter({ level: 'silent' }),
  });
  console.log(JSON.stringify({ endpoint: cloud.endpoint, bucket: cloud.outputs.storage!.bucket_name }));
  // Each line on stdin asks for the process's CPU time so far (ms).
  createInterface({ input: process.stdin }).on('line', () => {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpu: (user + system) / 1000 }));
  });
  process.stdin.on('end', () => void cloud.stop().then(() => process.exit(0)));
}

interface Server {
  endpoint: string;
  bucket: string;
  /** The local cloud process's CPU time so far, ms. */
  cpu(): Promise<number>;
  stop(): void;
}

async function startServer(stateDir: string | undefined): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, FLARE_BENCH_SERVE: '1', FLARE_BENCH_STATE_DIR: stateDir ?? '' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextJson = async <T>(): Promise<T> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error('the local cloud process ended early');
      if (value.startsWith('{')) return JSON.parse(value) as T;
    }
  };
  const { endpoint, bucket } = await nextJson<{ endpoint: string; bucket: string }>();
  return {
    endpoint,
    bucket,
    cpu: async () => {
      child.stdin!.write('cpu\n');
      return (await nextJson<{ cpu: number }>()).cpu;
    },
    stop: () => child.stdin!.end(),
  };
}

/** PUT a body to a URL with plain http (no SDK), resolving with the ETag. */
function putUrl(url: string, body: Buffer, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', agent, headers: { 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(String(res.headers.etag)) : reject(new Error(`UploadPart → ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(label: string, stateDir: string | undefined): Promise<void> {
  const server = await startServer(stateDir);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const s3 = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: { httpAgent: agent },
  });
  const Bucket = server.bucket;
  const body = randomBytes(MiB);

  /** Samples `fn` and adds the server's CPU per call (warm-up included in neither). */
  const measured = async (n: number, fn: (i: number) => Promise<unknown>, warmup: number) => {
    for (let i = 0; i < warmup; i++) await fn(i);
    const before = await server.cpu();
    const samples = await sample(n, fn, 0);
    return { samples, serverCpu: ((await server.cpu()) - before) / n };
  };
  const cpuNote = (ms: number) => `  server CPU ${ms.toFixed(2)} ms/op`;

  console.log(`\n${label}`);
  const puts = await measured(200, (i) => s3.send(new PutObjectCommand({ Bucket, Key: `bench/put-${i % 20}`, Body: body })), 20);
  report('  PutObject 1 MiB', puts.samples, 'p50 ≤ 10 ms');
  console.log(`  ${''.padEnd(42)}${cpuNote(puts.serverCpu)}`);
  const gets = await measured(200, async (i) => {
    const result = await s3.send(new GetObjectCommand({ Bucket, Key: `bench/put-${i % 20}` }));
    await result.Body!.transformToByteArray();
  }, 20);
  report('  GetObject 1 MiB', gets.samples, 'p50 ≤ 10 ms');
  console.log(`  ${''.padEnd(42)}${cpuNote(gets.serverCpu)}`);

  const part = randomBytes(5 * MiB);
  const multipart = async (i: number, uploadPart: (Key: string, UploadId: string, PartNumber: number) => Promise<string>, sse: Encryption = {}) => {
    const Key = `bench/multipart-${i}`;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ...sse }));
    const etags: string[] = new Array(10);
    let next = 0;
    const worker = async () => {
      while (next < 10) {
        const number = ++next;
        etags[number - 1] = await uploadPart(Key, UploadId!, number);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: etags.map((ETag, n) => ({ ETag, PartNumber: n + 1 })) } }));
  };
  const throughput = (name: string, { samples, serverCpu }: { samples: number[]; serverCpu: number }) => {
    const { p50, max } = summarize(samples);
    const rate = (ms: number) => (50 / (ms / 1000)).toFixed(0);
    console.log(`  ${name.padEnd(42)} p50 ${rate(p50).padStart(6)} MiB/s  worst ${rate(max)} MiB/s  (${p50.toFixed(0)} ms per 50 MiB; target ≥ 200 MiB/s)`);
    console.log(`  ${''.padEnd(42)}${cpuNote(serverCpu)} (≈ ${(50 / (serverCpu / 1000)).toFixed(0)} MiB/s of server CPU)`);
  };
  const sdkParts = await measured(8, (i) => multipart(i, async (Key, UploadId, PartNumber) => (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part }))).ETag!), 2);
  throughput('multipart 50 MiB, SDK UploadPart', sdkParts);
  const presignedParts = await measured(8, (i) =>
    multipart(i + 100, async (Key, UploadId, PartNumber) => putUrl(await getSignedUrl(s3, new UploadPartCommand({ Bucket, Key, UploadId, PartNumber }), { expiresIn: 300 }), part, agent)),
  2);
  throughput('multipart 50 MiB, presigned UploadPart', presignedParts);

  // The same with server-side encryption: SSE-S3 only adds headers; SSE-C encrypts every
  // byte at rest (AES-256-CTR) and decrypts on the way out.
  const customerKey = randomBytes(32).toString('base64');
  const encryptions: [string, Encryption][] = [
    ['SSE-S3', { ServerSideEncryption: 'AES256' }],
    ['SSE-C', { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey }],
  ];
  for (const [name, sse] of encryptions) {
    const ssePuts = await measured(200, (i) => s3.send(new PutObjectCommand({ Bucket, Key: `bench/sse-${i % 20}`, Body: body, ...sse })), 20);
    report(`  PutObject 1 MiB, ${name}`, ssePuts.samples, 'p50 ≤ 10 ms');
    console.log(`  ${''.padEnd(42)}${cpuNote(ssePuts.serverCpu)}`);
    const partSse = sse.SSECustomerKey ? sse : {};
    const sseParts = await measured(8, (i) => multipart(i + 200, async (Key, UploadId, PartNumber) => (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part, ...partSse }))).ETag!, sse), 2);
    throughput(`multipart 50 MiB, SDK UploadPart, ${name}`, sseParts);
  }

  s3.destroy();
  agent.destroy();
  server.stop();
}

if (process.env.FLARE_BENCH_SERVE) {
  await serve();
} else {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-s3-bench-'));
  try {
    await run(`on disk (written, not fsynced: survives a killed process), local cloud in its own process`, stateDir);
    await run('in memory (--in-memory), local cloud in its own process', undefined);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
