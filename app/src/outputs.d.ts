/**
 * amplify_outputs.json is generated (by ampx or the local cloud) and gitignored; under the
 * dev server it is null until it exists (app/amplify-outputs-plugin.ts).
 */
declare module '@outputs' {
  const outputs: Record<string, unknown> | null;
  export default outputs;
}
