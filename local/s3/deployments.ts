/**
 * `Custom::CDKBucketDeployment`, done natively at start: what CDK's deployment Lambda
 * does on AWS (`aws s3 sync` of the source zips into the destination bucket), done
 * from the assembly's asset directories. Amplify uses it for the model introspection
 * schema that functions read at cold start.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssemblyResource, CloudAssembly } from '../assembly';
import { AssemblyError } from '../assembly';
import { wildcardMatch } from '../iam/policy/resource-policy';
import type { ObjectStore } from './store/objectStore';
import type { ObjectRecord, StoredHeaders } from './store/records';

interface DeploymentProperties {
  SourceObjectKeys?: string[];
  SourceMarkers?: Record<string, string>[];
  SourceMarkersConfig?: { jsonEscape?: boolean }[];
  DestinationBucketName?: string;
  DestinationBucketKeyPrefix?: string;
  Extract?: boolean | 'true' | 'false';
  Prune?: boolean | 'true' | 'false';
  Exclude?: string[];
  Include?: string[];
  UserMetadata?: Record<string, string>;
  SystemMetadata?: Record<string, string>;
}

/** Content types `aws s3 sync` guesses from the extension (Python's mimetypes); others get S3's default. */
const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** SystemMetadata keys CDK passes to `aws s3 sync` and the object header each sets. */
const SYSTEM_METADATA: Record<string, keyof StoredHeaders> = {
  'content-type': 'content-type',
  'cache-control': 'cache-control',
  'content-disposition': 'content-disposition',
  'content-encoding': 'content-encoding',
  'content-language': 'content-language',
  expires: 'expires',
};

const truthy = (value: boolean | string | undefined, fallback: boolean) => (value === undefined ? fallback : value === true || value === 'true');

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** `aws s3 sync --exclude … --include …`: the last filter that matches decides; default included. */
function included(relative: string, exclude: string[], include: string[]): boolean {
  let keep = true;
  for (const pattern of exclude) if (wildcardMatch(pattern, relative)) keep = false;
  for (const pattern of include) if (wildcardMatch(pattern, relative)) keep = true;
  return keep;
}

function replaceMarkers(text: string, markers: Record<string, string>, jsonEscape: boolean): string {
  let out = text;
  for (const [marker, value] of Object.entries(markers)) {
    const replacement = jsonEscape ? JSON.stringify(value).slice(1, -1) : value;
    out = out.split(marker).join(replacement);
  }
  return out;
}

async function* fileChunks(file: string, md5: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file)) {
    md5.update(chunk as Buffer);
    yield chunk as Buffer;
  }
}

/**
 * Copies one deployment's sources into its bucket (and prunes what the sources no
 * longer hold). Returns the number of objects written.
 */
async function deploy(resource: AssemblyResource, assembly: CloudAssembly, store: ObjectStore, buckets: ReadonlySet<string>): Promise<number> {
  const props = resource.properties() as DeploymentProperties;
  const bucket = props.DestinationBucketName;
  if (!bucket || !buckets.has(bucket)) {
    throw new AssemblyError(`${resource.cdkPath}: the destination bucket ${bucket ?? '(none)'} is not a bucket of this assembly`);
  }
  if (!truthy(props.Extract, true)) {
    throw new AssemblyError(`${resource.cdkPath}: bucket deployments with Extract: false are not implemented by the local S3`);
  }
  const prefix = props.DestinationBucketKeyPrefix ?? '';
  const exclude = props.Exclude ?? [];
  const include = props.Include ?? [];
  const headers: StoredHeaders = {};
  for (const [name, value] of Object.entries(props.SystemMetadata ?? {})) {
    const header = SYSTEM_METADATA[name.toLowerCase()];
    if (header) headers[header] = value;
  }
  const metadata = Object.fromEntries(Object.entries(props.UserMetadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

  const written = new Set<string>();
  for (const [index, objectKey] of (props.SourceObjectKeys ?? []).entries()) {
    const source = assembly.assetPath(objectKey);
    if (!statSync(source).isDirectory()) {
      throw new AssemblyError(`${resource.cdkPath}: source ${objectKey} is a file asset; only directory (zip-packaged) sources are deployed locally`);
    }
    const markers = props.SourceMarkers?.[index] ?? {};
    const jsonEscape = props.SourceMarkersConfig?.[index]?.jsonEscape ?? false;
    for (const file of await filesUnder(source)) {
      const relative = path.relative(source, file).split(path.sep).join('/');
      if (!included(relative, exclude, include)) continue;
      const key = `${prefix}${relative}`;
      const md5 = createHash('md5');
      const blob =
        Object.keys(markers).length > 0
          ? await store.blobs.write(
              (async function* () {
                const text = Buffer.from(replaceMarkers(await readFile(file, 'utf8'), markers, jsonEscape), 'utf8');
                md5.update(text);
                yield text;
              })(),
            )
          : await store.blobs.write(fileChunks(file, md5));
      const record: ObjectRecord = {
        key,
        size: blob.size,
        etag: `"${md5.digest('hex')}"`,
        lastModified: Date.now(),
        headers: { 'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'binary/octet-stream', ...headers },
        metadata,
        blobs: [blob.id],
      };
      await store.putObject(bucket, record);
      written.add(key);
    }
  }
  if (truthy(props.Prune, true)) {
    for (const key of [...store.sortedKeys(bucket)]) {
      // Like `sync --delete`: keys the filters exclude are left alone.
      if (key.startsWith(prefix) && !written.has(key) && included(key.slice(prefix.length), exclude, include)) await store.deleteObject(bucket, key);
    }
  }
  return written.size;
}

/**
 * Runs every bucket deployment of the assembly.
 * @example
 * const objects = await runBucketDeployments(assembly, store, new Set(['my-bucket']));
 */
export async function runBucketDeployments(assembly: CloudAssembly, store: ObjectStore, buckets: ReadonlySet<string>): Promise<number> {
  let total = 0;
  for (const resource of assembly.ofType('Custom::CDKBucketDeployment')) total += await deploy(resource, assembly, store, buckets);
  return total;
}
