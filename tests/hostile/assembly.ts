/**
 * Flare's synthesized assembly with the GraphQL API's limits set, as a project sets them
 * (`cfnGraphqlApi.resolverCountLimit`, `queryDepthLimit` in amplify/backend.ts): every file
 * of cdk.out linked, the data stack's template rewritten with the two properties.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function flareAssemblyWithLimits(limits: { ResolverCountLimit?: number; QueryDepthLimit?: number }): { dir: string; remove(): void } {
  const source = path.resolve('.amplify/local/cdk.out');
  const dir = mkdtempSync(path.join(tmpdir(), 'flare-limits-'));
  for (const file of readdirSync(source)) {
    const text = file.endsWith('.template.json') ? readFileSync(path.join(source, file), 'utf8') : undefined;
    if (text?.includes('"AWS::AppSync::GraphQLApi"')) {
      const template = JSON.parse(text) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
      for (const resource of Object.values(template.Resources)) if (resource.Type === 'AWS::AppSync::GraphQLApi') Object.assign(resource.Properties, limits);
      writeFileSync(path.join(dir, file), JSON.stringify(template));
    } else {
      symlinkSync(path.join(source, file), path.join(dir, file));
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
