import type { Filter, ListSecretsRequest, ListSecretsResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { ALL_SECRETS, type StoredSecret } from '../secret-store';
import { describe } from './describeSecret';
import { FILTERS, page } from './members';

/**
 * Secrets Manager's filters: each key's values are prefixes (a `!` before one negates it),
 * matched case-insensitively; keys AND together, values of one key OR.
 */
export function matchesFilters(secret: StoredSecret, filters: readonly Filter[]): boolean {
  const fields = (key: string | undefined): string[] => {
    switch (key) {
      case 'name': return [secret.name];
      case 'description': return [secret.description ?? ''];
      case 'tag-key': return secret.tags.map((tag) => tag.Key ?? '');
      case 'tag-value': return secret.tags.map((tag) => tag.Value ?? '');
      case 'primary-region': return ['us-east-1'];
      case 'owning-service': return [];
      default: return [secret.name, secret.description ?? '', ...secret.tags.flatMap((tag) => [tag.Key ?? '', tag.Value ?? ''])];
    }
  };
  return filters.every((filter) => {
    const values = fields(filter.Key).map((value) => value.toLowerCase());
    return (filter.Values ?? []).some((wanted) => {
      const negated = wanted.startsWith('!');
      const prefix = (negated ? wanted.slice(1) : wanted).toLowerCase();
      const hit = values.some((value) => value.startsWith(prefix));
      return negated ? !hit : hit;
    });
  });
}

/** `secretsmanager.ListSecrets`: the secrets' descriptions (no values), filtered, sorted by creation, paged. */
export const listSecrets = defineOperation<ListSecretsRequest, ListSecretsResponse, SecretsCall>({
  name: 'ListSecrets',
  input: {
    type: 'structure',
    members: {
      IncludePlannedDeletion: { type: 'boolean' },
      MaxResults: { type: 'integer', min: 1, max: 100 },
      NextToken: { type: 'string', min: 1, max: 4096 },
      Filters: FILTERS,
      SortOrder: { type: 'string', enum: ['asc', 'desc'] },
      SortBy: { type: 'string', enum: ['created-date', 'last-accessed-date', 'last-changed-date', 'name'] },
    },
  },
  handle(input, call) {
    call.authorize(ALL_SECRETS);
    const key = (secret: StoredSecret): string | number =>
      input.SortBy === 'name' ? secret.name : input.SortBy === 'last-accessed-date' ? secret.lastAccessedAt ?? 0 : input.SortBy === 'last-changed-date' ? secret.lastChangedAt : secret.createdAt;
    const matching = call.secrets
      .all()
      .filter((secret) => (input.IncludePlannedDeletion || secret.deletedAt === undefined) && matchesFilters(secret, input.Filters ?? []))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (input.SortOrder === 'asc' ? 1 : -1));
    const { items, nextToken } = page(matching, input.MaxResults ?? 100, input.NextToken);
    return {
      SecretList: items.map((secret) => {
        const { VersionIdsToStages, ...entry } = describe(secret);
        return { ...entry, SecretVersionsToStages: VersionIdsToStages };
      }),
      ...(nextToken && { NextToken: nextToken }),
    };
  },
});
