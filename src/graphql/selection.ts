import {
  getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind, type GraphQLResolveInfo, type SelectionSetNode,
} from 'graphql';

/**
 * Whether the field being resolved selects nothing of its object but `fields` (and `__typename`), through fragments
 * and honouring `@skip`/`@include` as execution and the cost estimator do (src/cost/query-cost-estimator.ts), so a
 * resolver can answer such a selection from what its parent already holds.
 */
export function selectsOnly(info: GraphQLResolveInfo, fields: ReadonlySet<string>): boolean {
  const visited = new Set<string>();
  const within = (selectionSet: SelectionSetNode | undefined): boolean => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!isIncluded(selection, info.variableValues)) continue;
      switch (selection.kind) {
        case Kind.FIELD:
          if (selection.name.value !== '__typename' && !fields.has(selection.name.value)) return false;
          break;
        case Kind.INLINE_FRAGMENT:
          if (!within(selection.selectionSet)) return false;
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (visited.has(name)) break;
          visited.add(name);
          if (!within(info.fragments[name]?.selectionSet)) return false;
          break;
        }
      }
    }
    return true;
  };
  return info.fieldNodes.every((node) => within(node.selectionSet));
}

function isIncluded(node: Parameters<typeof getDirectiveValues>[1], variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}
