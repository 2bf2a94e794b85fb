/**
 * A FileReader for Node 20 test processes (FACTS.md: aws-amplify's storage client reads
 * Blobs with FileReader for multipart uploads, and Node 20 has none). Only what the
 * client uses: readAsArrayBuffer / readAsText / readAsDataURL with onload, onerror,
 * onabort, onloadend, readyState and result. A test-environment shim, never shipped.
 */
class NodeFileReader {
  static readonly EMPTY = 0;
  static readonly LOADING = 1;
  static readonly DONE = 2;
  readonly EMPTY = 0;
  readonly LOADING = 1;
  readonly DONE = 2;
  readyState = 0;
  result: ArrayBuffer | string | null = null;
  error: Error | null = null;
  onload: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onabort: ((event: unknown) => void) | null = null;
  onloadend: ((event: unknown) => void) | null = null;

  private read(blob: Blob, convert: (buffer: ArrayBuffer) => ArrayBuffer | string): void {
    this.readyState = NodeFileReader.LOADING;
    blob.arrayBuffer().then(
      (buffer) => {
        this.result = convert(buffer);
        this.readyState = NodeFileReader.DONE;
        this.onload?.({ target: this });
        this.onloadend?.({ target: this });
      },
      (error: Error) => {
        this.error = error;
        this.readyState = NodeFileReader.DONE;
        this.onerror?.({ target: this });
        this.onloadend?.({ target: this });
      },
    );
  }

  readAsArrayBuffer(blob: Blob): void {
    this.read(blob, (buffer) => buffer);
  }

  readAsText(blob: Blob): void {
    this.read(blob, (buffer) => Buffer.from(buffer).toString('utf8'));
  }

  readAsDataURL(blob: Blob): void {
    this.read(blob, (buffer) => `data:${blob.type || 'application/octet-stream'};base64,${Buffer.from(buffer).toString('base64')}`);
  }

  abort(): void {
    this.onabort?.({ target: this });
  }
}

/** Installs the shim when the runtime has no FileReader; returns a function that removes it. */
export function installFileReader(): () => void {
  const scope = globalThis as { FileReader?: unknown };
  if (scope.FileReader) return () => {};
  scope.FileReader = NodeFileReader;
  return () => {
    delete scope.FileReader;
  };
}
