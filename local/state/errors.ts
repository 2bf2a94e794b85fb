/** Errors of the local state store; each says how to get out of it. */

/** Another live process (another local cloud, or `npm run secret`) holds the state directory. */
export class StateInUseError extends Error {
  readonly resolution = 'Stop the other local cloud using this state directory, or start this one with another --state-dir (or --in-memory).';
  constructor(readonly dir: string, readonly pid?: number) {
    super(`The state directory ${dir} is in use by another process${pid ? ` (pid ${pid})` : ''}`);
    this.name = 'StateInUseError';
  }
}

/** A record written by a newer Flare, whose schema this one does not know. */
export class StateVersionError extends Error {
  readonly resolution = 'Run the newer Flare on this state directory, or start with --reset (which wipes it) or another --state-dir.';
  constructor(readonly collection: string, readonly found: number, readonly known: number) {
    super(`The state collection ${collection} holds records of schema version ${found}; this local cloud knows versions up to ${known}`);
    this.name = 'StateVersionError';
  }
}
