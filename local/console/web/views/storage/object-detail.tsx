import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Button, Flex, Heading, Image, Text } from '@aws-amplify/ui-react';
import { ErrorNote } from '../../components/error-note';
import { KeyValues } from '../../components/key-values';
import { useLoad } from '../../lib/hooks';

/** Text previews read at most this much. */
const TEXT_PREVIEW_BYTES = 64 * 1024;
const isText = (type: string) => type.startsWith('text/') || /json|xml|javascript|yaml|markdown|graphql/.test(type);

/** An object's metadata (HeadObject), a preview for images and text, download and delete. */
export function ObjectDetail({ client, bucket, objectKey, onDownload, onDelete }: { client: S3Client; bucket: string; objectKey: string; onDownload(): void; onDelete(): void }) {
  const head = useLoad(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey })), [client, bucket, objectKey]);
  const type = head.value?.ContentType ?? '';
  const preview = useLoad(async () => {
    if (!head.value) return undefined;
    if (type.startsWith('image/')) return { image: await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: objectKey }), { expiresIn: 900 }) };
    if (isText(type) || objectKey.match(/\.(txt|md|json|csv|log|graphql|ya?ml)$/i)) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey, Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` }));
      return { text: await object.Body!.transformToString() };
    }
    return undefined;
  }, [head.value]);

  return (
    <Flex direction="column" gap="small" as="section" aria-label={`Object ${objectKey}`}>
      <Heading level={3} fontSize="medium" style={{ wordBreak: 'break-all' }}>
        {objectKey}
      </Heading>
      <ErrorNote error={head.error} />
      {head.value && (
        <KeyValues
          label="Object metadata"
          entries={[
            ['Content type', type || '—'],
            ['Size', `${head.value.ContentLength} bytes`],
            ['ETag', head.value.ETag],
            ['Last modified', head.value.LastModified?.toLocaleString()],
            ...Object.entries(head.value.Metadata ?? {}).map(([name, value]) => [`x-amz-meta-${name}`, value] as const),
          ]}
        />
      )}
      <Flex gap="small">
        <Button size="small" onClick={onDownload}>
          Download
        </Button>
        <Button size="small" variation="destructive" onClick={onDelete}>
          Delete
        </Button>
      </Flex>
      <ErrorNote error={preview.error} heading="Preview failed" />
      {preview.value && 'image' in preview.value && <Image src={preview.value.image} alt={`Preview of ${objectKey}`} maxWidth="100%" />}
      {preview.value && 'text' in preview.value && (
        <>
          <Text fontSize="small" color="font.secondary">
            Preview{(head.value?.ContentLength ?? 0) > TEXT_PREVIEW_BYTES ? ` (first ${TEXT_PREVIEW_BYTES / 1024} KiB)` : ''}
          </Text>
          <pre className="console-pre" data-testid="object-preview">
            {preview.value.text}
          </pre>
        </>
      )}
    </Flex>
  );
}
