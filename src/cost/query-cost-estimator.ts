import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import { ZOOM_OPERATIONS, ZOOM_PAGE_SIZE_DEFAULT, ZOOM_PAGE_SIZE_MAX } from '../zoom/operations.ts';
import { reportWindows } from '../zoom/report-windows.ts';
import type { CostMap, FieldCost } from './cost-map.ts';
import { costBucket, zeroCost, type CostCounts } from './cost-tally.ts';

/** `first` used when a paginated field has neither an argument value nor a schema default: Zoom's page size (30). */
export const DEFAULT_FIRST = ZOOM_PAGE_SIZE_DEFAULT;
/** Items assumed for a plain list field that has no `maxItems` in the cost map: one full Zoom page (300). */
export const DEFAULT_LIST_SIZE = ZOOM_PAGE_SIZE_MAX;

export interface QueryCostEstimatorOptions {
  readonly schema: GraphQLSchema;
  readonly costMap: CostMap;
  /** Name of the page-size argument of paginated fields. Default `first`. */
  readonly firstArgument?: string;
  /** See {@link DEFAULT_FIRST}. */
  readonly defaultFirst?: number;
  /** See {@link DEFAULT_LIST_SIZE}. */
  readonly defaultListSize?: number;
}

export interface QueryCostRequest {
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  /** Raw variables as the client sent them; coerced against the operation's definitions here. */
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/** Thrown by `estimate` when the request cannot be estimated because execution would refuse it anyway. */
export class QueryCostInputError extends Error {
  override readonly name = 'QueryCostInputError';
  readonly code: 'OPERATION_NOT_FOUND' | 'INVALID_VARIABLES';
  readonly errors: readonly GraphQLError[];

  constructor(code: QueryCostInputError['code'], message: string, errors: readonly GraphQLError[] = []) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}

/** One page-size argument of the operation, as execution will pass it to the field's resolver. */
export interface PageSizeArgument {
  /** The field, as `Type.field` (the first possible type for a field reached through an interface or union). */
  readonly field: string;
  /** The argument's value after variables and schema defaults: `null` if given as null, `undefined` if absent with no default. */
  readonly value: number | null | undefined;
  /** The field in the document, for the location of an error about it. */
  readonly node: FieldNode;
}

/** What `analyze` finds in one operation. */
export interface QueryCostAnalysis {
  /** As `estimate` returns it. */
  readonly cost: CostCounts;
  /** The operation's type: a subscription's cost is that of each event it delivers. */
  readonly operationType: OperationTypeNode;
  /**
   * Every field of the operation that takes the page-size argument (`firstArgument`) and that execution can reach
   * (`@skip`/`@include` applied), once per field node, in document order. Its value is reported as is, never clamped,
   * so the caller can refuse an out-of-range one before any resolver runs.
   */
  readonly pageSizes: readonly PageSizeArgument[];
}

export interface QueryCostEstimator {
  /**
   * The most Zoom calls, per rate-limit category, that executing the request can make.
   *
   * It is an upper bound under these rules: a field with an operation costs it once per possible parent object;
   * a paginated field costs `ceil(first / 300)` calls and multiplies what is below it by `first`; a plain list by
   * its `maxItems`; each alias counts separately (fields merged under one response key count once); `detail`
   * fields of one operation count once per object; for an abstract type the costliest possible type counts, per
   * category; `@skip`/`@include` are honoured with the request's variables, exactly as execution will.
   * @throws QueryCostInputError when the operation is missing or the variables do not coerce.
   */
  estimate(request: QueryCostRequest): CostCounts;

  /**
   * `estimate`'s cost together with the operation's page-size arguments, from one walk of the document.
   * @throws QueryCostInputError as `estimate` does.
   */
  analyze(request: QueryCostRequest): QueryCostAnalysis;
}

/**
 * Creates an estimator for one schema. The cost map is checked against the schema and the operation table here,
 * once: an unknown type, field or operation, a paginated field that is not a list or connection, or a bad
 * `maxItems` throws a `TypeError` saying what was expected and what arrived.
 */
export function createQueryCostEstimator(options: QueryCostEstimatorOptions): QueryCostEstimator {
  const { schema, costMap } = options;
  const firstArgument = options.firstArgument ?? 'first';
  const defaultFirst = positiveInteger(options.defaultFirst, DEFAULT_FIRST, 'defaultFirst');
  const defaultListSize = positiveInteger(options.defaultListSize, DEFAULT_LIST_SIZE, 'defaultListSize');
  validateCostMap(schema, costMap);

  const analyze = (request: QueryCostRequest): QueryCostAnalysis => {
    const operation = getOperationAST(request.document, request.operationName ?? undefined);
    if (operation === null || operation === undefined) {
      throw new QueryCostInputError('OPERATION_NOT_FOUND', 'The document has no operation of that name, or several and no name was given.');
    }
    const rootType = schema.getRootType(operation.operation);
    if (rootType === undefined || rootType === null) {
      throw new QueryCostInputError('OPERATION_NOT_FOUND', `The schema has no ${operation.operation} type.`);
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...(request.variables ?? {}) });
    if (coerced.errors !== undefined) {
      throw new QueryCostInputError('INVALID_VARIABLES', 'The variables do not match the operation.', coerced.errors);
    }
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of request.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const walker = new CostWalker(schema, costMap, fragments, coerced.coerced, firstArgument, defaultFirst, defaultListSize);
    const cost = walker.selectionCost(rootType, [operation.selectionSet], undefined, undefined);
    return { cost, operationType: operation.operation, pageSizes: [...walker.pageSizes.values()] };
  };
  return { analyze, estimate: (request) => analyze(request).cost };
}

/**
 * Walks the selection tree. `pendingItems` carries a paginated field's `first` down through its connection type
 * (`XConnection.edges`, `.nodes`) until the first list field, which is where the items are; so `edges { node }`
 * and `nodes` each count `first` items and are not multiplied a second time by a default list size.
 */
class CostWalker {
  /** Page-size arguments met on the way, by field node: one node is walked once per possible parent type. */
  readonly pageSizes = new Map<FieldNode, PageSizeArgument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly costMap: CostMap,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly firstArgument: string,
    private readonly defaultFirst: number,
    private readonly defaultListSize: number,
  ) {}

  /**
   * Cost for ONE object of `type` with these selections: for abstract types, the per-category max over possible types.
   * `listedBy` is the paginated field (`Type.field`) whose items these objects are, for `FieldCost.freeUnder`.
   */
  selectionCost(
    type: GraphQLCompositeType,
    selectionSets: readonly SelectionSetNode[],
    pendingItems: number | undefined,
    listedBy: string | undefined,
    detailHeld: Set<string> = new Set(),
  ): CostCounts {
    const possibleTypes = isAbstractType(type) ? this.schema.getPossibleTypes(type) : [type];
    const worst = zeroCost();
    for (const objectType of possibleTypes) {
      // Each possible type is priced on its own, from what the object holds on arrival.
      const cost = this.objectCost(objectType, selectionSets, pendingItems, listedBy, possibleTypes.length > 1 ? new Set(detailHeld) : detailHeld);
      worst.light = Math.max(worst.light, cost.light);
      worst.medium = Math.max(worst.medium, cost.medium);
      worst.heavy = Math.max(worst.heavy, cost.heavy);
    }
    return worst;
  }

  private objectCost(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    pendingItems: number | undefined,
    listedBy: string | undefined,
    detailHeld: Set<string>,
  ): CostCounts {
    const total = zeroCost();
    // Detail operations this object has (or is counted to have) fetched; shared with a `sameObject` child.
    const detailOperationsFetched = detailHeld;
    // What it held on arrival, before its own fields counted fetches: only that is in hand when resolvers run.
    const arrivedWith = new Set(detailHeld);
    const fields = this.collectFields(type, selectionSets);
    for (const nodes of fields.values()) {
      const node = nodes[0]!;
      const fieldName = node.name.value;
      const fieldDef = type.getFields()[fieldName];
      if (fieldDef === undefined) continue; // __typename and introspection cost no Zoom call
      const found = this.entryFor(type, fieldName);
      const entry = found?.freeUnder !== undefined && listedBy !== undefined && found.freeUnder.includes(listedBy) ? undefined : found;
      const args = this.argumentValues(fieldDef, node);
      if (!this.pageSizes.has(node) && fieldDef.args.some((arg) => arg.name === this.firstArgument)) {
        const value = args[this.firstArgument];
        // An Int argument coerces to a number, null, or nothing; anything else means execution refuses the field.
        if (typeof value === 'number' || value === null || value === undefined) {
          this.pageSizes.set(node, { field: `${type.name}.${fieldName}`, value, node });
        }
      }

      const fromParent = entry?.answeredByParent;
      if (fromParent !== undefined && arrivedWith.has(fromParent.detail) && this.selectsOnly(fieldDef.type, nodes, fromParent.fields)) continue;
      if (entry?.byType !== undefined) {
        this.addReadsByType(total, entry, fieldDef, nodes, args);
        continue;
      }
      for (const operation of entry?.also ?? []) add(total, operation, 1);
      let itemsBelow = 1;
      let pendingBelow: number | undefined;
      if (entry?.paginated === true) {
        const requested = args[this.firstArgument];
        const first = typeof requested === 'number' && Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : this.defaultFirst;
        if (entry.operation !== undefined) {
          add(total, entry.operation, Math.max(1, Math.ceil(first / ZOOM_PAGE_SIZE_MAX)) * windowCount(entry, args));
        }
        if (isListType(getNullableType(fieldDef.type))) itemsBelow = first;
        else pendingBelow = first;
      } else {
        if (entry?.operation !== undefined) {
          if (entry.detail === true) {
            if (!detailOperationsFetched.has(entry.operation)) {
              detailOperationsFetched.add(entry.operation);
              add(total, entry.operation, 1);
            }
          } else {
            add(total, entry.operation, 1);
          }
        }
        if (isListType(getNullableType(fieldDef.type))) {
          itemsBelow = entry?.maxItems ?? pendingItems ?? this.defaultListSize;
        } else {
          pendingBelow = pendingItems;
        }
      }

      const namedType = getNamedType(fieldDef.type);
      if (!isCompositeType(namedType) || itemsBelow === 0) continue;
      const subSelections = nodes.flatMap((fieldNode) => (fieldNode.selectionSet === undefined ? [] : [fieldNode.selectionSet]));
      if (subSelections.length === 0) continue;
      // A paginated field's items stay "listed by" it through the connection's own wrappers (edges, nodes, node).
      const isWrapper = found === undefined && /(Connection|Edge)$/.test(type.name);
      const listedByBelow = found?.paginated === true ? `${type.name}.${fieldName}` : isWrapper ? listedBy : undefined;
      const heldBelow =
        entry?.returnsDetail === true && entry.operation !== undefined
          ? new Set([entry.operation])
          : found?.sameObject === true
            ? detailOperationsFetched
            : new Set<string>();
      const below = this.selectionCost(namedType, subSelections, pendingBelow, listedByBelow, heldBelow);
      total.light += itemsBelow * below.light;
      total.medium += itemsBelow * below.medium;
      total.heavy += itemsBelow * below.heavy;
    }
    return total;
  }

  /** Whether the field's sub-selection, for every type it may return, holds nothing but `allowed` and `__typename`. */
  private selectsOnly(fieldType: GraphQLOutputType, nodes: readonly FieldNode[], allowed: readonly string[]): boolean {
    const named = getNamedType(fieldType);
    if (!isCompositeType(named)) return false;
    const sets = nodes.flatMap((node) => (node.selectionSet === undefined ? [] : [node.selectionSet]));
    const types = isAbstractType(named) ? this.schema.getPossibleTypes(named) : [named];
    return types.every((type) =>
      [...this.collectFields(type, sets).values()].every((fieldNodes) => {
        const name = fieldNodes[0]!.name.value;
        return name === '__typename' || allowed.includes(name);
      }),
    );
  }

  /**
   * A `byType` field: each object it returns is read with its own type's operation (a detail read), so per possible
   * type, one call plus what is selected on it; the costliest per category, times the objects asked for.
   */
  private addReadsByType(
    total: CostCounts,
    entry: FieldCost,
    fieldDef: { type: Parameters<typeof getNamedType>[0] },
    nodes: readonly FieldNode[],
    args: Record<string, unknown>,
  ): void {
    const namedType = getNamedType(fieldDef.type);
    if (!isAbstractType(namedType)) return;
    const subSelections = nodes.flatMap((fieldNode) => (fieldNode.selectionSet === undefined ? [] : [fieldNode.selectionSet]));
    const worst = zeroCost();
    for (const objectType of this.schema.getPossibleTypes(namedType)) {
      const operation = entry.byType?.[objectType.name];
      if (operation === undefined) continue;
      const cost = this.objectCost(objectType, subSelections, undefined, undefined, new Set([operation]));
      add(cost, operation, 1);
      worst.light = Math.max(worst.light, cost.light);
      worst.medium = Math.max(worst.medium, cost.medium);
      worst.heavy = Math.max(worst.heavy, cost.heavy);
    }
    let items = 1;
    if (entry.itemsArgument !== undefined) {
      const list = args[entry.itemsArgument];
      const length = Array.isArray(list) ? list.length : (entry.maxItems ?? this.defaultListSize);
      items = Math.min(length, entry.maxItems ?? length);
    }
    total.light += items * worst.light;
    total.medium += items * worst.medium;
    total.heavy += items * worst.heavy;
  }

  private entryFor(type: GraphQLObjectType, fieldName: string): FieldCost | undefined {
    const own = this.costMap[`${type.name}.${fieldName}`];
    if (own !== undefined) return own;
    for (const iface of type.getInterfaces()) {
      const inherited = this.costMap[`${iface.name}.${fieldName}`];
      if (inherited !== undefined) return inherited;
    }
    return undefined;
  }

  private argumentValues(fieldDef: Parameters<typeof getArgumentValues>[0], node: FieldNode): Record<string, unknown> {
    try {
      return getArgumentValues(fieldDef, node, this.variables);
    } catch {
      // Execution refuses this field before its resolver runs: it costs nothing, and defaults are a safe stand-in.
      return {};
    }
  }

  /** graphql-js's CollectFields for one runtime type: response key -> field nodes, honouring @skip/@include. */
  private collectFields(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    fields = new Map<string, FieldNode[]>(),
    visitedFragments = new Set<string>(),
  ): Map<string, FieldNode[]> {
    for (const selectionSet of selectionSets) {
      for (const selection of selectionSet.selections) {
        if (!this.isIncluded(selection)) continue;
        switch (selection.kind) {
          case Kind.FIELD: {
            const key = selection.alias?.value ?? selection.name.value;
            const list = fields.get(key);
            if (list === undefined) fields.set(key, [selection]);
            else list.push(selection);
            break;
          }
          case Kind.INLINE_FRAGMENT:
            if (selection.typeCondition === undefined || this.applies(selection.typeCondition.name.value, type)) {
              this.collectFields(type, [selection.selectionSet], fields, visitedFragments);
            }
            break;
          case Kind.FRAGMENT_SPREAD: {
            const name = selection.name.value;
            if (visitedFragments.has(name)) break;
            visitedFragments.add(name);
            const fragment = this.fragments.get(name);
            if (fragment !== undefined && this.applies(fragment.typeCondition.name.value, type)) {
              this.collectFields(type, [fragment.selectionSet], fields, visitedFragments);
            }
            break;
          }
        }
      }
    }
    return fields;
  }

  private applies(conditionName: string, type: GraphQLObjectType): boolean {
    const condition = typeFromAST(this.schema, { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: conditionName } });
    if (condition === undefined) return false;
    if (condition === type) return true;
    return isAbstractType(condition) && this.schema.isSubType(condition, type);
  }

  private isIncluded(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    const skip = getDirectiveValues(GraphQLSkipDirective, node, this.variables);
    if (skip?.['if'] === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, this.variables);
    return include?.['if'] !== false;
  }
}

/**
 * How many report windows a `reportWindows` field's range splits into (1 for any other field). A range execution
 * will refuse (dates missing or reversed) still counts one window: its estimate stays an upper bound of nothing.
 */
function windowCount(entry: FieldCost, args: Record<string, unknown>): number {
  if (entry.reportWindows === undefined) return 1;
  const from = args[entry.reportWindows.from];
  const to = args[entry.reportWindows.to];
  return typeof from === 'string' && typeof to === 'string' ? Math.max(1, reportWindows(from, to).length) : 1;
}

function add(total: CostCounts, operation: keyof typeof ZOOM_OPERATIONS, calls: number): void {
  total[costBucket(ZOOM_OPERATIONS[operation].category)] += calls;
}

function validateCostMap(schema: GraphQLSchema, costMap: CostMap): void {
  if (costMap === null || typeof costMap !== 'object') {
    throw new TypeError(`createQueryCostEstimator: costMap: expected an object keyed by "Type.field", got ${typeof costMap}.`);
  }
  for (const [key, entry] of Object.entries(costMap)) {
    const where = `createQueryCostEstimator: costMap[${JSON.stringify(key)}]`;
    const match = /^([_A-Za-z][_0-9A-Za-z]*)\.([_A-Za-z][_0-9A-Za-z]*)$/.exec(key);
    if (match === null) throw new TypeError(`${where}: expected a key of the form "Type.field", e.g. "Query.users".`);
    const type = schema.getType(match[1]!);
    if (!isObjectType(type) && !isInterfaceType(type)) {
      throw new TypeError(`${where}: expected an object or interface type named ${JSON.stringify(match[1])} in the schema, found ${type === undefined ? 'none' : `a ${type.constructor.name}`}.`);
    }
    const field = type.getFields()[match[2]!];
    if (field === undefined) throw new TypeError(`${where}: type ${type.name} has no field ${JSON.stringify(match[2])}.`);
    if (entry === null || typeof entry !== 'object') throw new TypeError(`${where}: expected { operation?, paginated?, detail?, maxItems? }, got ${typeof entry}.`);
    if (entry.operation !== undefined && !Object.hasOwn(ZOOM_OPERATIONS, entry.operation)) {
      throw new TypeError(`${where}.operation: expected one of ${Object.keys(ZOOM_OPERATIONS).join(', ')}, got ${JSON.stringify(entry.operation)}.`);
    }
    if (entry.also !== undefined && (!Array.isArray(entry.also) || entry.also.some((operation) => !Object.hasOwn(ZOOM_OPERATIONS, operation)))) {
      throw new TypeError(`${where}.also: expected a list of operations from ${Object.keys(ZOOM_OPERATIONS).join(', ')}, got ${JSON.stringify(entry.also)}.`);
    }
    if (entry.freeUnder !== undefined && (!Array.isArray(entry.freeUnder) || entry.freeUnder.some((owner) => costMap[owner]?.paginated !== true))) {
      throw new TypeError(`${where}.freeUnder: expected a list of paginated fields of this cost map, got ${JSON.stringify(entry.freeUnder)}.`);
    }
    if (entry.reportWindows !== undefined && (entry.paginated !== true || !field.args.some((arg) => arg.name === entry.reportWindows!.from) || !field.args.some((arg) => arg.name === entry.reportWindows!.to))) {
      throw new TypeError(`${where}.reportWindows: expected a paginated field with the named from and to arguments, got ${JSON.stringify(entry.reportWindows)}.`);
    }
    if (entry.paginated === true && entry.detail === true) throw new TypeError(`${where}: expected paginated or detail, got both.`);
    if (entry.returnsDetail === true && (entry.operation === undefined || entry.paginated === true || entry.detail === true)) {
      throw new TypeError(`${where}.returnsDetail: expected a field that reads one object with its operation (no paginated, no detail).`);
    }
    if (entry.sameObject === true && (entry.operation !== undefined || entry.also !== undefined || isListType(getNullableType(field.type)))) {
      throw new TypeError(`${where}.sameObject: expected a field that returns its parent itself, with no calls of its own and no list.`);
    }
    if (entry.paginated === true && !isCompositeType(getNamedType(field.type))) {
      throw new TypeError(`${where}.paginated: expected a list or connection field, got ${String(field.type)}.`);
    }
    if (entry.byType !== undefined) {
      const named = getNamedType(field.type);
      const possible = isAbstractType(named) ? schema.getPossibleTypes(named).map((type) => type.name).sort() : [];
      const given = Object.keys(entry.byType).sort();
      if (possible.length === 0 || possible.join() !== given.join() || Object.values(entry.byType).some((operation) => !Object.hasOwn(ZOOM_OPERATIONS, operation))) {
        throw new TypeError(`${where}.byType: expected an operation for each of ${possible.join(', ') || '(no abstract type)'}, got ${JSON.stringify(entry.byType)}.`);
      }
      if (entry.operation !== undefined || entry.paginated === true || entry.detail === true) {
        throw new TypeError(`${where}.byType: expected no operation, paginated or detail beside it.`);
      }
    }
    if (entry.itemsArgument !== undefined && !field.args.some((arg) => arg.name === entry.itemsArgument && isListType(getNullableType(arg.type)))) {
      throw new TypeError(`${where}.itemsArgument: expected a list argument of ${key}, got ${JSON.stringify(entry.itemsArgument)}.`);
    }
    if (entry.maxItems !== undefined && (!Number.isInteger(entry.maxItems) || entry.maxItems < 0)) {
      throw new TypeError(`${where}.maxItems: expected a non-negative integer, got ${String(entry.maxItems)}.`);
    }
  }
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`createQueryCostEstimator: ${name}: expected a positive integer, got ${String(value)}.`);
  }
  return value;
}
