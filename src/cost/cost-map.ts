import type { ZoomOperationId } from '../zoom/operations.ts';

/**
 * What resolving one field may cost in Zoom calls, keyed in a {@link CostMap} by `Type.field`
 * (an interface's `Interface.field` entry applies to every implementing type that has none of its own).
 *
 * - `operation`: the Zoom operation the field's resolver calls (see `src/zoom/operations.ts` for its category).
 * - `paginated`: a token-paginated list read through a `first` argument. It costs one call per page of up to
 *   `ZOOM_PAGE_SIZE_MAX` (300) items, so `ceil(first / 300)` calls (at least one), and multiplies the cost of
 *   the items below it by `first`.
 * - `detail`: a detail fetch the resolvers make at most once per parent object however many fields need it
 *   (e.g. `Meeting.settings` and `Meeting.startUrl` both answered by one `GET /meetings/{id}`): every `detail`
 *   field of the same operation selected on one object, aliases included, costs one call per object together.
 * - `maxItems`: for a plain list field (no pagination), the most items it can hold. Default: the estimator's
 *   `defaultListSize`.
 * - `also`: further calls the field may make once per parent object besides `operation`, e.g. a mutation that
 *   reads the meeting back after writing it, or an access check that reads it before.
 * - `freeUnder`: paginated fields (`Type.field`) under whose items this field costs nothing, because the list's
 *   owner already answers it (a meeting listed by `User.meetings` is hosted by that user, already loaded).
 * - `returnsDetail`: the object this field returns is read with `operation`'s own detail call (`GET /users/{id}`,
 *   `GET /meetings/{id}`), so `detail` fields of that operation on it cost nothing more. When the loader had the
 *   object already from a list, the call counted for this field was not made and pays for the detail fetch instead.
 * - `reportWindows`: a paginated report whose range (`from`..`to` arguments, named here) is read one Zoom window
 *   (a month) at a time: its calls are multiplied by the number of windows the range splits into
 *   (`reportWindows` in src/zoom/report-windows.ts), as `resolveWindowedConnection` makes them.
 * - `sameObject`: the field returns its parent object under another type (`User.role` is the user), so a detail
 *   fetch counted on one of them serves the other.
 * - `answeredByParent`: selections of the returned object the parent's detail answers by itself (no call).
 * - `byType`: the field returns an abstract type (`Node`) whose objects are each read by id with their own type's
 *   operation (`GET /users/{id}`, `GET /meetings/{id}`, ...), as `returnsDetail` reads: one call per object, priced
 *   per possible type with what is selected on it, the costliest counting.
 * - `itemsArgument`: for a `byType` list, the list argument whose length is the number of objects (capped by
 *   `maxItems`), e.g. `nodes(ids:)`.
 */
export interface FieldCost {
  readonly operation?: ZoomOperationId;
  readonly paginated?: boolean;
  readonly detail?: boolean;
  readonly maxItems?: number;
  readonly also?: readonly ZoomOperationId[];
  readonly freeUnder?: readonly string[];
  readonly returnsDetail?: boolean;
  readonly sameObject?: boolean;
  /**
   * The field's object is answered from its parent, with no call, when nothing of it but `fields` is selected and the
   * parent arrived as `detail`'s answer (a meeting's detail names its host's id and email).
   */
  readonly answeredByParent?: { readonly fields: readonly string[]; readonly detail: ZoomOperationId };
  readonly reportWindows?: { readonly from: string; readonly to: string };
  readonly byType?: Readonly<Record<string, ZoomOperationId>>;
  readonly itemsArgument?: string;
}

/** Field costs keyed by `Type.field`, e.g. `{ 'Query.users': { operation: 'users', paginated: true } }`. */
export type CostMap = Readonly<Record<string, FieldCost>>;
