import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CloudAssembly } from '../../assembly';
import { AssemblyError } from '../../assembly';

/**
 * Reads an AppSync asset named by its S3 location (`s3://bucket/<hash>.vtl`).
 * The transformer's schema and template assets sit in cdk.out as
 * `asset.<hash>.<ext>` and are not always listed in an asset manifest, so both
 * places are tried.
 */
export function readS3LocationAsset(assembly: CloudAssembly, location: string): string {
  const objectKey = location.split('/').pop() ?? location;
  const direct = path.join(assembly.dir, `asset.${objectKey}`);
  if (existsSync(direct)) return readFileSync(direct, 'utf8');
  try {
    return readFileSync(assembly.assetPath(objectKey.replace(/\.[^.]+$/, '')), 'utf8');
  } catch (error) {
    if (error instanceof AssemblyError) {
      throw new AssemblyError(`The AppSync asset ${location} is not in the cloud assembly`, 'Re-run `npm run synth`.');
    }
    throw error;
  }
}
