/**
 * Weighted fair queuing (start-time fair queuing) over flows, one flow per caller: each item gets a virtual finish
 * tag `max(virtual time, the flow's last tag) + 1 / weight`, and items leave in tag order. A flow with weight 4 gets
 * four items out for each item of a flow with weight 1 while both are queued; an idle flow banks no credit, so
 * a caller that arrives after a long flood of another is served next, not after it.
 * @see https://en.wikipedia.org/wiki/Weighted_fair_queueing
 */
export class FairQueue<T> {
  #virtualTime = 0;
  #size = 0;
  #sequence = 0;
  readonly #flows = new Map<string, { lastTag: number; items: Array<QueuedItem<T>> }>();

  get size(): number {
    return this.#size;
  }

  /** How many items `flow` has queued. */
  queued(flow: string): number {
    return this.#flows.get(flow)?.items.length ?? 0;
  }

  /** Queues `item` for `flow` with `weight` (> 0). */
  push(flow: string, weight: number, item: T): void {
    let state = this.#flows.get(flow);
    if (state === undefined && this.#flows.size >= SWEEP_THRESHOLD) this.#sweep();
    if (state === undefined) {
      state = { lastTag: this.#virtualTime, items: [] };
      this.#flows.set(flow, state);
    }
    const tag = Math.max(this.#virtualTime, state.lastTag) + 1 / weight;
    state.lastTag = tag;
    state.items.push({ item, tag, sequence: this.#sequence++ });
    this.#size++;
  }

  /** The next item to leave among the flow heads `isEligible` accepts (all by default), without removing it. */
  peek(isEligible?: (item: T, flow: string) => boolean): { flow: string; item: T } | undefined {
    let best: { flow: string; head: QueuedItem<T> } | undefined;
    for (const [flow, state] of this.#flows) {
      const head = state.items[0];
      if (head === undefined || (isEligible !== undefined && !isEligible(head.item, flow))) continue;
      if (best === undefined || head.tag < best.head.tag || (head.tag === best.head.tag && head.sequence < best.head.sequence)) {
        best = { flow, head };
      }
    }
    return best === undefined ? undefined : { flow: best.flow, item: best.head.item };
  }

  /**
   * Removes `item` from `flow`; false when it was not queued. `isServed`: it leaves to be served, which moves
   * virtual time to its tag (items that time out or are cancelled leave it where it is).
   */
  remove(flow: string, item: T, isServed = false): boolean {
    const state = this.#flows.get(flow);
    const index = state?.items.findIndex((queued) => queued.item === item) ?? -1;
    if (state === undefined || index < 0) return false;
    const [removed] = state.items.splice(index, 1);
    this.#size--;
    if (isServed) this.#virtualTime = Math.max(this.#virtualTime, removed!.tag);
    // A flow with nothing queued and no tag ahead of virtual time has nothing to remember.
    if (state.items.length === 0 && state.lastTag <= this.#virtualTime) this.#flows.delete(flow);
    return true;
  }

  /** Forgets idle flows whose last tag virtual time has passed (they would start afresh anyway). */
  #sweep(): void {
    for (const [flow, state] of this.#flows) {
      if (state.items.length === 0 && state.lastTag <= this.#virtualTime) this.#flows.delete(flow);
    }
  }
}

/** Above this many flows, adding one first forgets the idle ones. */
const SWEEP_THRESHOLD = 256;

interface QueuedItem<T> {
  readonly item: T;
  readonly tag: number;
  readonly sequence: number;
}
