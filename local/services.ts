import type { LocalService } from './service';

/**
 * The local services in start order (stopped in reverse). Each comment says why
 * it comes where it does.
 */
export function defaultServices(): LocalService[] {
  return [
    // (Filled in as services land: iam first — every other service authenticates through it.)
  ];
}
