import { Button, Card, Flex, Image, Loader, Text } from '@aws-amplify/ui-react';
import { useEffect, useState } from 'react';
import { getUrl, uploadData } from 'aws-amplify/storage';
import outputs from '@outputs';
import { localStorageSettings, localStorageUrl } from 'flare-local/client';
import { client, type TimelineEvent } from '../../lib/client';
import { friendlyError, unwrap, type FriendlyError } from '../../lib/errors';
import { Empty } from '../../components/states';

const IMAGE = /\.(png|jpe?g|gif|webp|svg)$/i;

/** A presigned URL for the object, pointed at the local cloud when the app runs against it. */
async function objectUrl(path: string): Promise<string> {
  const { url } = await getUrl({ path, options: { validateObjectExistence: true, expiresIn: 300 } });
  const settings = localStorageSettings(outputs);
  return settings ? localStorageUrl(url, settings) : url.toString();
}

function AttachmentCard({ path }: { path: string }) {
  const name = path.split('/').pop()?.replace(/^\d+-/, '') ?? path;
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<FriendlyError | null>(null);
  const image = IMAGE.test(name);
  useEffect(() => {
    if (!image) return;
    let live = true;
    objectUrl(path)
      .then((url) => live && setPreview(url))
      .catch((e) => live && setError(friendlyError(e)));
    return () => {
      live = false;
    };
  }, [path, image]);
  const download = async () => {
    setError(null);
    try {
      window.open(await objectUrl(path), '_blank', 'noopener');
    } catch (e) {
      setError(friendlyError(e));
    }
  };
  return (
    <Card variation="outlined" padding="small" width={{ base: '100%', medium: '14rem' }}>
      <Flex direction="column" gap="xs">
        {image && (preview ? <Image src={preview} alt={`Preview of ${name}`} maxHeight="8rem" objectFit="contain" /> : !error && <Loader />)}
        <Text fontSize="small">{name}</Text>
        <Button size="small" onClick={() => void download()}>
          Download {name}
        </Button>
        {error && (
          <Text role="alert" fontSize="small" color="font.error">
            {error.summary}
          </Text>
        )}
      </Flex>
    </Card>
  );
}

/** Files attached to the incident (previews for images) and the upload with its progress. */
export function Attachments({ incidentId, events, onError }: { incidentId: string; events: TimelineEvent[]; onError(error: FriendlyError): void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const files = events.filter((event) => event.kind === 'ATTACHMENT' && event.attachmentKey);
  const upload = async (file: File) => {
    const path = `attachments/${incidentId}/${Date.now()}-${file.name}`;
    setProgress(0);
    try {
      await uploadData({
        path,
        data: file,
        options: {
          contentType: file.type || 'application/octet-stream',
          onProgress: ({ transferredBytes, totalBytes }) => setProgress(totalBytes ? Math.round((transferredBytes / totalBytes) * 100) : 0),
        },
      }).result;
      unwrap(await client.models.TimelineEvent.create({ incidentId, kind: 'ATTACHMENT', message: file.name, attachmentKey: path }));
    } catch (e) {
      onError(friendlyError(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Flex direction="column" gap="small">
      {files.length === 0 ? (
        <Empty>No files attached.</Empty>
      ) : (
        <Flex wrap="wrap" gap="small">
          {files.map((event) => (
            <AttachmentCard key={event.id} path={event.attachmentKey!} />
          ))}
        </Flex>
      )}
      <label>
        <Text as="span" fontWeight="bold" display="block">
          Attach a file
        </Text>
        <input type="file" disabled={progress !== null} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} style={{ maxWidth: '100%' }} />
      </label>
      {progress !== null && (
        <progress max={100} value={progress} aria-label="Upload progress">
          {progress}%
        </progress>
      )}
    </Flex>
  );
}
