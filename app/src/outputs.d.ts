/** amplify_outputs.json is generated (by ampx or the local cloud) and gitignored. */
declare module '@outputs' {
  const outputs: Record<string, unknown>;
  export default outputs;
}
