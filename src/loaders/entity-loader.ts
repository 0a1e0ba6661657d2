import DataLoader from 'dataloader';

/** How an `EntityLoader` reaches Zoom and recognises its objects. */
export interface EntityLoaderOptions<Summary extends object, Detail extends Summary> {
  /** Fetches the full object for one lookup key (one Zoom call, e.g. `GET /users/{userId}`). */
  fetchDetail: (key: string) => Promise<Detail>;
  /** Every key the object can be looked up by, already normalised (e.g. its id and lower-cased email). */
  keysOf: (object: Summary) => string[];
  /** The key that fetches an object's detail (its id). */
  detailKeyOf: (object: Summary) => string;
  /** Normalises a caller's lookup key the same way `keysOf` does. Identity by default. */
  normalizeKey?: (key: string) => string;
}

/**
 * A per-request cache of one kind of Zoom object that knows two levels of completeness: the summary a Zoom list
 * returns and the detail only the object's own endpoint returns.
 *
 * - `prime` records summaries from list responses, so looking the object up later costs nothing.
 * - `load` answers with whatever is known (summary or detail) and fetches the detail only for unknown keys.
 * - `detailOf` upgrades a summary to its detail, fetching at most once per object per request; concurrent
 *   requests for the same key share one call (DataLoader). Failures are values: one missing object fails only
 *   its own key, and the failure is remembered for the rest of the request.
 */
export class EntityLoader<Summary extends object, Detail extends Summary> {
  private readonly known = new Map<string, Summary>();
  private readonly detailed = new WeakSet<object>();
  private readonly details: DataLoader<string, Detail>;
  private readonly options: EntityLoaderOptions<Summary, Detail>;
  private readonly normalize: (key: string) => string;

  constructor(options: EntityLoaderOptions<Summary, Detail>) {
    this.options = options;
    this.normalize = options.normalizeKey ?? ((key) => key);
    // Zoom has no batch endpoints, so a "batch" is the set of keys asked for in one tick, fetched concurrently.
    this.details = new DataLoader<string, Detail>(
      (keys) =>
        Promise.all(
          keys.map((key) =>
            options.fetchDetail(key).then(
              (detail) => {
                this.remember(detail, true);
                return detail;
              },
              (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
            ),
          ),
        ),
      { cacheKeyFn: this.normalize },
    );
  }

  /** Records summaries from a list response. A detail already known for the same key is kept. */
  prime(objects: Iterable<Summary>): void {
    for (const object of objects) this.remember(object, false);
  }

  /** Records full objects (e.g. a write's answer) as details: their detail-only fields cost no further call. */
  primeDetail(objects: Iterable<Detail>): void {
    for (const object of objects) this.remember(object, true);
  }

  /**
   * Forgets what this request knows about `key` (and the object's other keys): its summary, detail and any
   * remembered failure, so the next lookup asks Zoom again. Writes call it for the object they changed.
   */
  clear(key: string): void {
    const normalized = this.normalize(key);
    const known = this.known.get(normalized);
    const keys = new Set([normalized, ...(known === undefined ? [] : this.options.keysOf(known))]);
    for (const each of keys) {
      this.known.delete(each);
      this.details.clear(each);
    }
  }

  /** The best known object for `key`; fetches the detail when nothing is known yet. */
  load(key: string): Promise<Summary> {
    const known = this.known.get(this.normalize(key));
    return known ? Promise.resolve(known) : this.details.load(key);
  }

  /** The detail for `key`, fetched at most once per request. */
  loadDetail(key: string): Promise<Detail> {
    const known = this.known.get(this.normalize(key));
    if (known && this.detailed.has(known)) return Promise.resolve(known as Detail);
    return this.details.load(key);
  }

  /** The detail of an object already in hand: itself when it is a detail, else one (shared) fetch. */
  detailOf(object: Summary): Promise<Detail> {
    if (this.detailed.has(object)) return Promise.resolve(object as Detail);
    return this.loadDetail(this.options.detailKeyOf(object));
  }

  /**
   * A detail-only field of an object in hand. Costs nothing when the object already carries the field or is a
   * detail; otherwise one shared fetch of the detail.
   */
  async field<K extends keyof Detail>(object: Summary, key: K): Promise<Detail[K] | undefined> {
    const own = (object as Partial<Detail>)[key];
    if (own !== undefined || this.detailed.has(object)) return own;
    return (await this.detailOf(object))[key];
  }

  /** Whether `object` is a full detail (not a list summary). */
  isDetailed(object: Summary): boolean {
    return this.detailed.has(object);
  }

  private remember(object: Summary, isDetail: boolean): void {
    if (isDetail) this.detailed.add(object);
    for (const key of this.options.keysOf(object)) {
      const current = this.known.get(key);
      if (current === undefined || (isDetail && !this.detailed.has(current))) this.known.set(key, object);
      if (isDetail) this.details.prime(key, object as Detail);
    }
  }
}
