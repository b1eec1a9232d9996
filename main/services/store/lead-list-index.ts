import { displayName, LEAD_STATUSES, PRIORITIES, type Lead } from '../../../core/lead/lead.ts';
import type { Facets, LeadQuery, LeadRow, SortField } from '../../../core/contract/lead-query.ts';
import { Dictionary, fold, mask } from './lead-list-codes.ts';

/** What the list index keeps of one lead: exactly the LeadRow fields plus sort keys. */
export interface ListSource {
  rid: number;
  id: string;
  status: Lead['status'];
  priority: Lead['priority'];
  score: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  source: string | null;
  campaign: string | null;
  createdAt: number;
  offerExpiresAt: number | null;
}

const STATUS_CODE = new Map(LEAD_STATUSES.map((s, i) => [s, i]));
const PRIORITY_CODE = new Map(PRIORITIES.map((p, i) => [p, i]));

/**
 * A columnar, in-memory mirror of the list fields of every lead, with one sorted order per
 * sort field built on first use. A page is one pass over that order, checking filters on
 * typed arrays, which counts the total and picks the page at any offset in well under a
 * millisecond at 100k leads. SQLite stays the source of truth: the repository rebuilds this
 * from the leads table and updates it only after a write has committed.
 */
export class LeadListIndex {
  private used = 0;
  /** rid → slot, -1 for none; rids are dense (SQLite assigns them in order), so an array beats a Map. */
  private slotOf = new Int32Array(0);
  private readonly ids: string[] = [];
  private readonly names: string[] = [];
  private readonly companies: (string | null)[] = [];
  private readonly nameKeys: (string | null)[] = [];
  private readonly companyKeys: (string | null)[] = [];
  // The typed arrays have room beyond `size` (see grow), so appending leads rarely reallocates.
  private status = new Uint8Array(0);
  private priority = new Uint8Array(0);
  private score = new Float64Array(0);
  private createdAt = new Float64Array(0);
  /** NaN where there is no open offer. */
  private offerExpiresAt = new Float64Array(0);
  private sourceCode = new Int32Array(0);
  private campaignCode = new Int32Array(0);
  private readonly sources = new Dictionary();
  private readonly campaigns = new Dictionary();
  private readonly orders = new Map<SortField, Int32Array>();
  /** Reused by every page: which slots pass the current query. */
  private scratch = new Uint8Array(0);

  constructor(rows: ListSource[]) {
    this.append(rows);
  }

  get size(): number {
    return this.used;
  }

  /**
   * Adds leads that are new to the index (a sync page's new leads) without a rebuild: each
   * order already built takes them by one merge, O(size + added · log added).
   */
  append(rows: readonly ListSource[]): void {
    if (rows.length === 0) return;
    const first = this.used;
    this.grow(first + rows.length, rows.reduce((max, row) => Math.max(max, row.rid), 0) + 1);
    rows.forEach((row, i) => {
      if (this.slot(row.rid) >= 0) throw new Error(`lead ${row.id} is already in the list index`);
      const slot = first + i;
      this.slotOf[row.rid] = slot;
      this.ids[slot] = row.id;
      this.set(slot, row);
    });
    this.used = first + rows.length;
    for (const [field, order] of this.orders) {
      const compare = this.comparator(field);
      const added = Int32Array.from({ length: rows.length }, (_, i) => first + i).sort(compare);
      this.orders.set(field, merge(order, added, compare));
    }
  }

  /** Makes room for `slots` leads and rids below `rids`; capacity doubles so appends stay amortised O(1). */
  private grow(slots: number, rids: number): void {
    if (rids > this.slotOf.length) {
      const slotOf = new Int32Array(Math.max(rids, this.slotOf.length * 2)).fill(-1);
      slotOf.set(this.slotOf);
      this.slotOf = slotOf;
    }
    if (slots <= this.status.length) return;
    const capacity = Math.max(slots, this.status.length * 2);
    const widen = <A extends Uint8Array | Int32Array | Float64Array>(from: A, make: (n: number) => A): A => {
      const to = make(capacity);
      to.set(from);
      return to;
    };
    this.status = widen(this.status, (n) => new Uint8Array(n));
    this.priority = widen(this.priority, (n) => new Uint8Array(n));
    this.score = widen(this.score, (n) => new Float64Array(n));
    this.createdAt = widen(this.createdAt, (n) => new Float64Array(n));
    this.offerExpiresAt = widen(this.offerExpiresAt, (n) => new Float64Array(n));
    this.sourceCode = widen(this.sourceCode, (n) => new Int32Array(n));
    this.campaignCode = widen(this.campaignCode, (n) => new Int32Array(n));
    this.scratch = new Uint8Array(capacity);
  }

  has(rid: number): boolean {
    return this.slot(rid) >= 0;
  }

  private slot(rid: number): number {
    return rid < this.slotOf.length ? this.slotOf[rid]! : -1;
  }

  /** Applies a committed change to one lead, moving it within every order already built. */
  update(row: ListSource): void {
    const slot = this.slot(row.rid);
    if (slot < 0) throw new Error(`lead ${row.id} is not in the list index`);
    const built = [...this.orders.entries()];
    for (const [, order] of built) order.copyWithin(order.indexOf(slot), order.indexOf(slot) + 1);
    this.set(slot, row);
    for (const [field, order] of built) this.insertSorted(order, slot, this.comparator(field));
  }

  page(q: LeadQuery, candidates: number[] | null): { rows: LeadRow[]; total: number } {
    const order = this.order(q.sort);
    const { pass, total } = this.passing(q, candidates);
    // Empty keys (no name, no open offer) stay at the end in both directions: ascending is one
    // run over the order; descending is the filled part backwards, then the empty part backwards.
    const firstEmpty = this.firstEmpty(order, q.sort);
    const runs: [from: number, to: number, step: number][] =
      q.direction === 'asc' ? [[0, order.length, 1]] : [[firstEmpty - 1, -1, -1], [order.length - 1, firstEmpty - 1, -1]];
    const picked: number[] = [];
    // The total is already known, so the walk stops as soon as the page is full.
    let skip = q.offset;
    for (const [from, to, step] of runs) {
      let i = from;
      if (pass === null) {
        const length = (to - from) * step;
        if (skip >= length) {
          skip -= length;
          continue;
        }
        i += skip * step;
        skip = 0;
        for (; i !== to && picked.length < q.limit; i += step) picked.push(order[i]!);
      } else {
        for (; i !== to && picked.length < q.limit; i += step) {
          const slot = order[i]!;
          if (pass[slot] === 0) continue;
          if (skip > 0) skip--;
          else picked.push(slot);
        }
      }
    }
    return { rows: picked.map((slot) => this.row(slot)), total };
  }

  /**
   * Which slots pass the filters (and, for a search, are among the candidates), and how many.
   * One sequential pass over the typed arrays, or only over the candidates; null = all pass.
   */
  private passing(q: LeadQuery, candidates: number[] | null): { pass: Uint8Array | null; total: number } {
    const statusOk = mask(q.statuses.map((s) => STATUS_CODE.get(s)), LEAD_STATUSES.length);
    const priorityOk = mask(q.priorities.map((p) => PRIORITY_CODE.get(p)), PRIORITIES.length);
    const sourceOk = mask(q.sources.map((s) => this.sources.lookup(s)), this.sources.values.length);
    const campaignOk = mask(q.campaigns.map((c) => this.campaigns.lookup(c)), this.campaigns.values.length);
    if (!candidates && !statusOk && !priorityOk && !sourceOk && !campaignOk) return { pass: null, total: this.size };
    const { status, priority, sourceCode, campaignCode, scratch: pass } = this;
    const ok = (slot: number): boolean =>
      (statusOk === null || statusOk[status[slot]!] === 1) &&
      (priorityOk === null || priorityOk[priority[slot]!] === 1) &&
      (sourceOk === null || (sourceCode[slot]! >= 0 && sourceOk[sourceCode[slot]!] === 1)) &&
      (campaignOk === null || (campaignCode[slot]! >= 0 && campaignOk[campaignCode[slot]!] === 1));
    let total = 0;
    if (candidates) {
      pass.fill(0);
      for (const rid of candidates) {
        const slot = this.slot(rid);
        if (slot >= 0 && pass[slot] === 0 && ok(slot)) {
          pass[slot] = 1;
          total++;
        }
      }
    } else {
      for (let slot = 0; slot < this.size; slot++) {
        const hit = ok(slot) ? 1 : 0;
        pass[slot] = hit;
        total += hit;
      }
    }
    return { pass, total };
  }

  facets(): Facets {
    const statusCounts = new Array<number>(LEAD_STATUSES.length).fill(0);
    const priorityCounts = new Array<number>(PRIORITIES.length).fill(0);
    const sourceCounts = new Array<number>(this.sources.values.length).fill(0);
    const campaignCounts = new Array<number>(this.campaigns.values.length).fill(0);
    for (let slot = 0; slot < this.size; slot++) {
      statusCounts[this.status[slot]!]!++;
      priorityCounts[this.priority[slot]!]!++;
      if (this.sourceCode[slot]! >= 0) sourceCounts[this.sourceCode[slot]!]!++;
      if (this.campaignCode[slot]! >= 0) campaignCounts[this.campaignCode[slot]!]!++;
    }
    const named = (values: string[], counts: number[]) =>
      values.map((value, i) => ({ value, count: counts[i]! })).filter((f) => f.count > 0).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return {
      statuses: LEAD_STATUSES.map((value, i) => ({ value, count: statusCounts[i]! })),
      priorities: PRIORITIES.map((value, i) => ({ value, count: priorityCounts[i]! })),
      sources: named(this.sources.values, sourceCounts),
      campaigns: named(this.campaigns.values, campaignCounts),
    };
  }

  private set(slot: number, row: ListSource): void {
    this.names[slot] = displayName(row);
    this.companies[slot] = row.company;
    this.nameKeys[slot] = row.lastName || row.firstName ? `${fold(row.lastName) ?? ''}\u0001${fold(row.firstName) ?? ''}` : null;
    this.companyKeys[slot] = fold(row.company);
    this.status[slot] = STATUS_CODE.get(row.status) ?? 0;
    this.priority[slot] = PRIORITY_CODE.get(row.priority) ?? 0;
    this.score[slot] = row.score;
    this.createdAt[slot] = row.createdAt;
    this.offerExpiresAt[slot] = row.offerExpiresAt ?? Number.NaN;
    this.sourceCode[slot] = this.sources.code(row.source);
    this.campaignCode[slot] = this.campaigns.code(row.campaign);
  }

  private row(slot: number): LeadRow {
    const source = this.sourceCode[slot]!;
    const campaign = this.campaignCode[slot]!;
    const expires = this.offerExpiresAt[slot]!;
    return {
      id: this.ids[slot]!,
      name: this.names[slot]!,
      company: this.companies[slot] ?? null,
      priority: PRIORITIES[this.priority[slot]!]!,
      score: this.score[slot]!,
      status: LEAD_STATUSES[this.status[slot]!]!,
      source: source < 0 ? null : this.sources.values[source]!,
      campaign: campaign < 0 ? null : this.campaigns.values[campaign]!,
      createdAt: this.createdAt[slot]!,
      offerExpiresAt: Number.isNaN(expires) ? null : expires,
    };
  }

  private order(field: SortField): Int32Array {
    let order = this.orders.get(field);
    if (!order) {
      const compare = this.comparator(field);
      order = Int32Array.from({ length: this.size }, (_, i) => i).sort(compare);
      this.orders.set(field, order);
    }
    return order;
  }

  /** Ascending key, empty keys last, ties by id: one total order, so pages never overlap. */
  private comparator(field: SortField): (a: number, b: number) => number {
    const byId = (a: number, b: number) => (this.ids[a]! < this.ids[b]! ? -1 : this.ids[a]! > this.ids[b]! ? 1 : 0);
    const numeric = (values: ArrayLike<number>) => (a: number, b: number) => {
      const x = values[a]!;
      const y = values[b]!;
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? byId(a, b) : Number.isNaN(x) ? 1 : -1;
      return x - y || byId(a, b);
    };
    const textual = (key: (slot: number) => string | null) => (a: number, b: number) => {
      const x = key(a);
      const y = key(b);
      if (x === null || y === null) return x === y ? byId(a, b) : x === null ? 1 : -1;
      return x < y ? -1 : x > y ? 1 : byId(a, b);
    };
    const dictionaryKey = (codes: Int32Array, dictionary: Dictionary) => {
      const keys = dictionary.values.map(fold);
      return (slot: number) => (codes[slot]! < 0 ? null : keys[codes[slot]!] ?? fold(dictionary.values[codes[slot]!]!));
    };
    switch (field) {
      case 'name':
        return textual((slot) => this.nameKeys[slot]!);
      case 'company':
        return textual((slot) => this.companyKeys[slot]!);
      case 'score':
        return numeric(this.score);
      case 'status':
        return numeric(this.status);
      case 'source':
        return textual(dictionaryKey(this.sourceCode, this.sources));
      case 'campaign':
        return textual(dictionaryKey(this.campaignCode, this.campaigns));
      case 'createdAt':
        return numeric(this.createdAt);
      case 'offerExpiresAt':
        return numeric(this.offerExpiresAt);
    }
  }

  private isEmpty(field: SortField, slot: number): boolean {
    switch (field) {
      case 'name':
        return this.nameKeys[slot] === null;
      case 'company':
        return this.companyKeys[slot] === null;
      case 'source':
        return this.sourceCode[slot]! < 0;
      case 'campaign':
        return this.campaignCode[slot]! < 0;
      case 'offerExpiresAt':
        return Number.isNaN(this.offerExpiresAt[slot]!);
      default:
        return false;
    }
  }

  /** Empty keys sort last, so the first one is found by bisection. */
  private firstEmpty(order: Int32Array, field: SortField): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.isEmpty(field, order[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** order's last element is a free cell (the slot was cut out of it); put the slot back in place. */
  private insertSorted(order: Int32Array, slot: number, compare: (a: number, b: number) => number): void {
    let lo = 0;
    let hi = order.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(order[mid]!, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    order.copyWithin(lo + 1, lo, order.length - 1);
    order[lo] = slot;
  }
}

/** Two runs sorted by `compare`, as one. */
function merge(a: Int32Array, b: Int32Array, compare: (x: number, y: number) => number): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
