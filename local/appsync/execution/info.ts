import { Kind, print, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ResolverInfo } from '../runtime/types';

/**
 * `$ctx.info` as AppSync builds it: `selectionSetList` lists the selected fields
 * (fragments expanded, aliases instead of names, nested as `parent/child`);
 * `selectionSetGraphQL` is the selection set printed as written (fragment spreads kept).
 */
export function resolverInfo(info: GraphQLResolveInfo, variables: Record<string, unknown>): ResolverInfo {
  const fieldNode = info.fieldNodes[0];
  let list: string[] | undefined;
  let graphql: string | undefined;
  // Built on first read: most handlers never look at the selection set.
  return {
    fieldName: info.fieldName,
    parentTypeName: info.parentType.name,
    variables,
    get selectionSetList() {
      list ??= fieldNode.selectionSet ? selectionList(fieldNode.selectionSet, info.fragments, '') : [];
      return list;
    },
    get selectionSetGraphQL() {
      graphql ??= fieldNode.selectionSet ? print(fieldNode.selectionSet) : '';
      return graphql;
    },
  };
}

function selectionList(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, prefix: string, out: string[] = []): string[] {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = `${prefix}${responseName(selection)}`;
      if (!out.includes(name)) out.push(name);
      if (selection.selectionSet) selectionList(selection.selectionSet, fragments, `${name}/`, out);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      selectionList(selection.selectionSet, fragments, prefix, out);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment) selectionList(fragment.selectionSet, fragments, prefix, out);
    }
  }
  return out;
}

const responseName = (field: FieldNode) => field.alias?.value ?? field.name.value;
