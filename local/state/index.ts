export { StateStore, ServiceState, type StateStoreOptions } from './state-store';
export { Collection, type CollectionOptions, type Migration } from './collection';
export { stateHolder, type StateHolder } from './lock';
export { StateInUseError, StateVersionError } from './errors';
export { writeFileAtomic } from './atomic-file';
export { KeyedQueue } from './keyed-queue';
