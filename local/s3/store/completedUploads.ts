/**
 * Multipart uploads completed a short while ago, so that a retried CompleteMultipartUpload
 * (its first response lost on the way) is answered with the same result, as S3 does, rather
 * than with NoSuchUpload. SDKs retry a completion whose response never arrived, and S3
 * answers such a retry 200 with the object's ETag for some time after completing.
 *
 * S3 does not document how long; the local S3 keeps a completion for
 * `COMPLETED_UPLOAD_RETENTION_MS` (10 minutes: longer than any SDK's retry schedule) in
 * memory only — after a restart a retry gets NoSuchUpload, as a retry much later does on AWS.
 */
import type { ObjectRecord } from './records';

export const COMPLETED_UPLOAD_RETENTION_MS = 10 * 60 * 1000;

export interface CompletedUpload {
  bucket: string;
  key: string;
  /** The parts the completion named, as `<number>:<etag without quotes>`, in order. */
  parts: string[];
  object: ObjectRecord;
  completedAt: number;
}

export class CompletedUploads {
  private readonly byId = new Map<string, CompletedUpload>();

  constructor(private readonly retentionMs = COMPLETED_UPLOAD_RETENTION_MS) {}

  remember(uploadId: string, completed: CompletedUpload): void {
    this.prune(completed.completedAt);
    this.byId.set(uploadId, completed);
  }

  /** The completion of `uploadId` if it happened within the retention window. */
  find(uploadId: string, now = Date.now()): CompletedUpload | undefined {
    this.prune(now);
    return this.byId.get(uploadId);
  }

  private prune(now: number): void {
    // Insertion order is completion order: stop at the first one still fresh.
    for (const [id, completed] of this.byId) {
      if (now - completed.completedAt < this.retentionMs) break;
      this.byId.delete(id);
    }
  }
}
