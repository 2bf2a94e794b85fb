/**
 * The page script of the browser storage test: the real aws-amplify v6 client (its browser
 * build: XHR transfers with progress) configured from the local outputs through
 * local/client, exposing each step to the test as `window.storageSteps`.
 */
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { downloadData, getUrl, list, remove, uploadData } from 'aws-amplify/storage';
import { amplifyConfig } from '../../../local/client';
import { installLocalStorage, localStorageSettings, localStorageUrl } from '../../../local/client/storage';

interface Progress {
  transferredBytes: number;
  totalBytes?: number;
}

let outputs: unknown;

const steps = {
  configure(localOutputs: unknown): void {
    outputs = localOutputs;
    Amplify.configure(amplifyConfig(outputs));
    installLocalStorage(outputs);
  },
  async signIn(username: string, password: string): Promise<void> {
    await signOut();
    const result = await signIn({ username, password });
    if (!result.isSignedIn) throw new Error(`sign-in stopped at ${result.nextStep.signInStep}`);
  },
  signOut: () => signOut(),
  /** Uploads `size` bytes (a deterministic pattern) as a File; returns the ETag and every progress event. */
  async upload(path: string, size: number): Promise<{ eTag?: string; progress: Progress[] }> {
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff;
    const progress: Progress[] = [];
    const result = await uploadData({ path, data: new File([data], 'capture.bin'), options: { onProgress: (event) => progress.push(event) } }).result;
    return { eTag: result.eTag, progress };
  },
  /** Downloads and checks the pattern; returns size, whether it matched, and download progress. */
  async download(path: string): Promise<{ size: number; intact: boolean; progress: Progress[] }> {
    const progress: Progress[] = [];
    const { body } = await downloadData({ path, options: { onProgress: (event) => progress.push(event) } }).result;
    const bytes = new Uint8Array(await (await body.blob()).arrayBuffer());
    let intact = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== ((i * 31 + 7) & 0xff)) intact = false;
    return { size: bytes.length, intact, progress };
  },
  async list(path: string): Promise<string[]> {
    return (await list({ path })).items.map((item) => item.path);
  },
  /** getUrl, then the URL used as a browser would: converted with localStorageUrl and fetched, and as an <img>. */
  async url(path: string): Promise<{ host: string; status: number; length: number; imageLoaded: boolean }> {
    const { url } = await getUrl({ path, options: { validateObjectExistence: true } });
    const local = localStorageUrl(url, localStorageSettings(outputs)!);
    const response = await fetch(local);
    const length = (await response.arrayBuffer()).byteLength;
    const imageLoaded = await new Promise<boolean>((resolve) => {
      const image = new Image();
      image.onload = () => resolve(true);
      image.onerror = () => resolve(false);
      image.src = local;
    });
    return { host: url.host, status: response.status, length, imageLoaded };
  },
  remove: async (path: string) => void (await remove({ path })),
  uploadText: (path: string, text: string) => uploadData({ path, data: text }).result,
  /** The error name another step fails with ('' when it does not fail). */
  async failure(step: string, ...args: unknown[]): Promise<string> {
    try {
      await (steps as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[step](...args);
      return '';
    } catch (error) {
      return (error as Error).name;
    }
  },
};

(window as unknown as { storageSteps: typeof steps }).storageSteps = steps;
