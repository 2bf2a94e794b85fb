import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type _Object, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Breadcrumbs, Button, Flex, Loader, Table, TableBody, TableCell, TableRow, Text } from '@aws-amplify/ui-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { href } from '../../lib/route';
import { ObjectDetail } from './object-detail';
import { ColumnHeads } from '../../components/column-heads';

interface Upload {
  name: string;
  loaded: number;
  total: number;
  error?: string;
  done: boolean;
}

/** Keys listed per request; more with "Load more". */
const PAGE_SIZE = 200;

/**
 * PUT through a presigned URL with XMLHttpRequest, for its upload progress events (the
 * SDK's fetch reports none). The URL is signed with the root's credentials like any SDK call.
 */
function putWithProgress(url: string, file: File, onProgress: (loaded: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    if (file.type) request.setRequestHeader('content-type', file.type);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => (request.status < 300 ? resolve() : reject(new Error(`S3 answered ${request.status}: ${request.responseText.slice(0, 300)}`)));
    request.onerror = () => reject(new Error('The upload failed (network)'));
    request.send(file);
  });
}

/** One folder of a bucket: its sub-folders and objects, uploads, and the chosen object. */
export function BucketBrowser({ client, bucket, prefix }: { client: S3Client; bucket: string; prefix: string }) {
  const [folders, setFolders] = useState<string[]>([]);
  const [objects, setObjects] = useState<_Object[]>([]);
  const [token, setToken] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<string>();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(
    async (continuation: string | undefined) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', MaxKeys: PAGE_SIZE, ContinuationToken: continuation }));
        const newFolders = (page.CommonPrefixes ?? []).map((entry) => entry.Prefix!);
        setFolders((previous) => (continuation ? [...previous, ...newFolders] : newFolders));
        setObjects((previous) => (continuation ? [...previous, ...(page.Contents ?? [])] : (page.Contents ?? [])));
        setToken(page.NextContinuationToken);
      } catch (caught) {
        setError(caught);
      } finally {
        setLoading(false);
      }
    },
    [client, bucket, prefix],
  );
  useEffect(() => {
    setSelected(undefined);
    void load(undefined);
  }, [load]);

  async function upload(files: FileList) {
    const list = [...files];
    setUploads(list.map((file) => ({ name: file.name, loaded: 0, total: file.size, done: false })));
    await Promise.all(
      list.map(async (file, index) => {
        const update = (change: Partial<Upload>) => setUploads((previous) => previous.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
        try {
          const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${file.name}`, ContentType: file.type || undefined }), { expiresIn: 900 });
          await putWithProgress(url, file, (loaded) => update({ loaded }));
          update({ loaded: file.size, done: true });
        } catch (caught) {
          update({ error: (caught as Error).message });
        }
      }),
    );
    await load(undefined);
  }

  async function download(key: string) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${name.replace(/"/g, '')}"` }), { expiresIn: 900 });
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
  }

  async function remove(key: string) {
    if (!window.confirm(`Delete ${key} from ${bucket}?`)) return;
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      setSelected(undefined);
      await load(undefined);
    } catch (caught) {
      setError(caught);
    }
  }

  const parts = prefix.split('/').filter(Boolean);
  return (
    <Flex direction="column" gap="medium">
      <Breadcrumbs
        items={[{ label: bucket, href: href('storage', bucket) }, ...parts.map((part, index) => ({ label: part, href: href('storage', bucket, ...parts.slice(0, index + 1)) }))]}
      />
      <Flex gap="small" alignItems="center">
        <input ref={fileInput} type="file" multiple aria-label="Files to upload" onChange={(event) => event.target.files && void upload(event.target.files)} />
        <Text fontSize="small" color="font.secondary">
          to {prefix || '/'}
        </Text>
      </Flex>
      {uploads.length > 0 && (
        <Flex as="ul" direction="column" gap="xxs" padding="0" style={{ listStyle: 'none' }} aria-label="Uploads">
          {uploads.map((entry) => (
            <li key={entry.name}>
              <Text fontSize="small">
                {entry.name}: {entry.error ?? (entry.done ? 'uploaded' : `${Math.round((100 * entry.loaded) / Math.max(entry.total, 1))}%`)}
              </Text>
              <progress max={Math.max(entry.total, 1)} value={entry.loaded} aria-label={`Upload of ${entry.name}`} />
            </li>
          ))}
        </Flex>
      )}
      <ErrorNote error={error} />
      <div className="console-split">
        <div>
          {loading && objects.length === 0 && folders.length === 0 && <Loader />}
          <Table size="small" variation="striped" aria-label={`Contents of ${bucket}/${prefix}`} highlightOnHover>
            <ColumnHeads labels={['Name', 'Size', 'Modified']} />
            <TableBody>
              {folders.map((folder) => (
                <TableRow key={folder}>
                  <TableCell>
                    <a href={href('storage', bucket, ...folder.split('/').filter(Boolean))}>{folder.slice(prefix.length)}</a>
                  </TableCell>
                  <TableCell>folder</TableCell>
                  <TableCell />
                </TableRow>
              ))}
              {objects.map((object) => (
                <TableRow key={object.Key}>
                  <TableCell>
                    <Button variation="link" size="small" padding="0" onClick={() => setSelected(object.Key)} aria-pressed={object.Key === selected}>
                      {object.Key!.slice(prefix.length)}
                    </Button>
                  </TableCell>
                  <TableCell>{object.Size}</TableCell>
                  <TableCell>{object.LastModified?.toLocaleString()}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {!loading && folders.length === 0 && objects.length === 0 && <Text marginTop="small">Empty.</Text>}
          {token && (
            <Button size="small" marginTop="small" onClick={() => void load(token)} isLoading={loading}>
              Load more
            </Button>
          )}
        </div>
        {selected && <ObjectDetail key={selected} client={client} bucket={bucket} objectKey={selected} onDownload={() => void download(selected)} onDelete={() => void remove(selected)} />}
      </div>
    </Flex>
  );
}
