import type { ParameterTier, ParameterType, Tag } from '@aws-sdk/client-ssm';
import type { Collection, ServiceState } from '../state';
import { KeyedQueue } from '../state';

/** One version of a parameter, as Parameter Store keeps its history. */
export interface ParameterVersion {
  version: number;
  value: string;
  type: ParameterType;
  description?: string;
  allowedPattern?: string;
  /** SecureString only: the KMS key (locally only a name: values are not encrypted at rest). */
  keyId?: string;
  tier: ParameterTier;
  dataType: string;
  /** Epoch milliseconds. */
  lastModified: number;
  /** The ARN of whoever wrote it. */
  lastModifiedUser: string;
  labels: string[];
}

/** A parameter: its versions, oldest first (the last is current), and its tags. */
export interface StoredParameter {
  name: string;
  versions: ParameterVersion[];
  tags: Tag[];
  /** Declared by the cloud assembly (`AWS::SSM::Parameter`): set at every start from it. */
  fromAssembly?: boolean;
}

/** The current version of a parameter. */
export const current = (parameter: StoredParameter): ParameterVersion => parameter.versions[parameter.versions.length - 1];

/** Parameter Store keeps the last 100 versions of a parameter. */
export const VERSIONS_KEPT = 100;

/** What a write sets; the version number and labels follow from the history. */
export type VersionContent = Omit<ParameterVersion, 'version' | 'labels'>;

/**
 * The parameter with `content` as its new current version (1 for a new parameter), the
 * oldest version dropped past 100 (callers refuse first when it carries a label, as SSM does).
 */
export function withNewVersion(existing: StoredParameter | undefined, name: string, content: VersionContent): StoredParameter {
  const versions = existing?.versions ?? [];
  const number = versions.length > 0 ? current(existing!).version + 1 : 1;
  return {
    name,
    tags: existing?.tags ?? [],
    ...(existing?.fromAssembly && { fromAssembly: true }),
    versions: [...versions, { ...content, version: number, labels: [] }].slice(-VERSIONS_KEPT),
  };
}

/** Schema of the `parameters` collection. */
export const PARAMETERS_COLLECTION = { name: 'parameters', version: 1, mode: 0o600 } as const;

/**
 * The parameters of the local Parameter Store, in the state store's `ssm/parameters`
 * collection (files mode 0600: SecureString values are kept as given, like the rest of the
 * local cloud's secrets). Changes to one name are applied one at a time.
 * @example
 * const store = await ParameterStore.open(state);
 * await store.update('/app/url', (existing) => ({ next: { …existing, versions: [...] }, result: 2 }));
 */
export class ParameterStore {
  private readonly queue = new KeyedQueue();

  constructor(private readonly parameters: Collection<StoredParameter>) {}

  static async open(state: ServiceState): Promise<ParameterStore> {
    return new ParameterStore(await state.collection<StoredParameter>(PARAMETERS_COLLECTION.name, PARAMETERS_COLLECTION));
  }

  get(name: string): StoredParameter | undefined {
    return this.parameters.get(name);
  }

  /** Every parameter, sorted by name. */
  all(): StoredParameter[] {
    return [...this.parameters.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get size(): number {
    return this.parameters.size;
  }

  /**
   * Reads the parameter and replaces it (or deletes it: `next` undefined) with what `change`
   * makes of it, with no other change to that name in between; resolves once durable.
   */
  update<T>(name: string, change: (existing: StoredParameter | undefined) => { next: StoredParameter | undefined; result: T }): Promise<T> {
    return this.queue.run(name, async () => {
      const { next, result } = change(this.parameters.get(name));
      if (next) await this.parameters.put(name, next);
      else await this.parameters.delete(name);
      return result;
    });
  }
}

/** The version a selector asks for (`3` by number, `prod` by label, none: the current one), if there is one. */
export function findVersion(parameter: StoredParameter, selector: string | undefined): ParameterVersion | undefined {
  if (selector === undefined) return current(parameter);
  if (/^\d+$/.test(selector)) return parameter.versions.find((version) => version.version === Number(selector));
  return parameter.versions.find((version) => version.labels.includes(selector));
}

/** As findVersion, or ParameterVersionNotFound / ParameterVersionLabelNotFound as SSM answers a selector that matches nothing. */
export function selectVersion(parameter: StoredParameter, selector: string | undefined, errors: { versionNotFound(name: string, version: string): Error; labelNotFound(name: string, label: string): Error }): ParameterVersion {
  const found = findVersion(parameter, selector);
  if (found) return found;
  throw /^\d+$/.test(selector!) ? errors.versionNotFound(parameter.name, selector!) : errors.labelNotFound(parameter.name, selector!);
}
