import type { NodeResolvers, QueryResolvers, ResolversInterfaceTypes } from '../__generated__/resolvers-types.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { checkNodeIds, parseNodeId, type NodeType } from '../graphql/ids.ts';

/**
 * The type each object `node`/`nodes` returned was read as. The wire objects carry no type of their own, and the id
 * that was asked for decided it; objects come from the per-request loaders, so an entry lives as long as they do.
 */
const nodeTypes = new WeakMap<object, NodeType>();

type NodeObject = ResolversInterfaceTypes<Record<string, never>>['Node'];

/** Reads one `Node` by id through the loaders (so repeats, and objects the operation already read, cost nothing). */
async function readNode(value: string, { loaders }: GatewayContext): Promise<NodeObject> {
  const { type, key } = parseNodeId(value);
  const object: NodeObject =
    type === 'User' ? await loaders.users.load(key) : type === 'Meeting' ? await loaders.meetings.load(key) : await loaders.pastMeetings.load(key);
  nodeTypes.set(object, type);
  return object;
}

/** Relay's refetch entry points (Global Object Identification): `node(id:)` and `nodes(ids:)`. */
export const NodeQuery: Pick<QueryResolvers, 'node' | 'nodes'> = {
  node: (_root, { id }, context) => readNode(id, context),
  // One promise per id: an id that fails is null at its own index, with its own error, and the others stand.
  nodes: (_root, { ids }, context) => checkNodeIds(ids).map((id) => readNode(id, context)),
};

export const Node: NodeResolvers = {
  __resolveType: (object) => {
    const type = nodeTypes.get(object);
    // Only node/nodes return a Node, and they tag what they return.
    if (type === undefined) throw new TypeError('A Node was returned without its type.');
    return type;
  },
};
