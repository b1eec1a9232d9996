import { z } from 'zod';
import type { Lead } from '../lead/lead.ts';
import type { CompiledRuleSet } from './compile.ts';
import { runScope, type EvaluationContext } from './evaluate.ts';
import type { Plan } from './plan-code.ts';
import { formatPath } from './model.ts';
import { added, createSession, empty, finish, type EvaluationResult, type Hop, type Session } from './session.ts';

/**
 * Walks a lead down the box tree: global rules, the rules of the boxes on the starting path,
 * then, each time a rule routes to a box, the rules of the boxes the lead newly passes on its
 * way there (event `arrived`). Stops on a box visited twice or after `maxHops`, and sends a
 * lead past a full box to that box's overflow box.
 */

const boxId = z.string().trim().min(1, 'is required').max(64);
export const BoxNode = z.strictObject({
  id: boxId,
  parentId: boxId.nullable(),
  name: z.string().trim().max(120).optional(),
  /** Leads the box may hold; absent = unlimited. */
  capacity: z.number().int().nonnegative().optional(),
  /** Where leads go when the box is full; absent = they stay one level up, marked overflow. */
  overflowBoxId: boxId.optional(),
});
export type BoxNode = z.infer<typeof BoxNode>;

export interface BoxPlace {
  node: BoxNode;
  /** Box ids from the root down to this box, inclusive. */
  path: readonly string[];
}

/** A box as routeLead enters it with one compiled set (event `arrived`): its place, and the plan of each box on its path. */
interface Stop {
  place: BoxPlace;
  plans: ReadonlyArray<Plan | undefined>;
  /** The usual walk, one hop from the root path: the boxes visited then, and the plans of the boxes it adds, in order. */
  fromRoot: { visited: readonly string[]; plans: ReadonlyArray<Plan | undefined> };
}

/** What routeLead looked up for one compiled set in one tree, kept so a lead costs one lookup per box. */
interface Walk {
  /** The global rules' plan for event `arrived`. */
  global: Plan | undefined;
  rootPath: readonly string[];
  /** The plan of each box on the root path, for event `arrived`. */
  rootPlans: ReadonlyArray<Plan | undefined>;
  stops: Map<string, Stop>;
}

export interface BoxTree {
  rootId: string;
  nodes: ReadonlyMap<string, BoxNode>;
  /** Each box's node and path together: the walk reads both with one lookup per hop. */
  places: ReadonlyMap<string, BoxPlace>;
  /** Internal to routeLead, filled as it goes. */
  walks: WeakMap<CompiledRuleSet, Walk>;
  /** Box ids from the root down to `id`, inclusive. */
  pathTo(id: string): readonly string[];
}

/** Validates a flat list of boxes into a tree: one root, known parents, no cycles. */
export function buildBoxTree(input: unknown): BoxTree {
  const parsed = z.array(BoxNode).min(1, 'needs at least one box').safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${formatPath(['boxes', ...issue.path])}: ${issue.message}`);
  }
  const nodes = new Map<string, BoxNode>();
  parsed.data.forEach((node, i) => {
    if (nodes.has(node.id)) throw new Error(`boxes[${i}].id: duplicate box id "${node.id}"`);
    nodes.set(node.id, node);
  });
  const roots = parsed.data.filter((n) => n.parentId === null);
  if (roots.length !== 1) throw new Error(`boxes: needs exactly one root box (parentId null), found ${roots.length}`);
  const places = new Map<string, BoxPlace>();
  parsed.data.forEach((node, i) => {
    const path: string[] = [];
    for (let at: BoxNode | undefined = node; at; at = at.parentId === null ? undefined : nodes.get(at.parentId)) {
      if (path.includes(at.id)) throw new Error(`boxes[${i}].parentId: the parents of "${node.id}" form a cycle`);
      path.unshift(at.id);
      if (at.parentId !== null && !nodes.has(at.parentId)) throw new Error(`boxes[${i}].parentId: unknown box "${at.parentId}"`);
    }
    if (node.overflowBoxId && !nodes.has(node.overflowBoxId)) throw new Error(`boxes[${i}].overflowBoxId: unknown box "${node.overflowBoxId}"`);
    places.set(node.id, { node, path });
  });
  return {
    rootId: roots[0]!.id,
    nodes,
    places,
    walks: new WeakMap(),
    pathTo: (id) => {
      const place = places.get(id);
      if (!place) throw new Error(`unknown box "${id}"`);
      return place.path;
    },
  };
}

export interface RouteContext extends EvaluationContext {
  /** Leads each box holds now, for capacity checks. */
  boxLoad?: Readonly<Record<string, number>>;
  /** Routing hops before the walk is declared a loop (default 16). */
  maxHops?: number;
}

export interface RouteResult extends EvaluationResult {
  /** The box the lead ends up in. */
  boxId: string;
}

function isFull(node: BoxNode, load: Readonly<Record<string, number>> | undefined): boolean {
  const capacity = node.capacity;
  return capacity !== undefined && (load?.[node.id] ?? 0) >= capacity;
}

function stop(s: Session, message: string): void {
  const r = s.routingRule;
  if (r) s.errors = added(s.errors, { ruleId: r.ruleId, ruleName: r.ruleName, scope: r.scope, phase: 'route', message });
  s.routing = null;
}

/** A copy at its final length; literals for the usual short lists, which V8 allocates inline (slice and new Array(n) are calls). */
function copied(list: readonly string[]): string[] {
  switch (list.length) {
    case 1:
      return [list[0]!];
    case 2:
      return [list[0]!, list[1]!];
    case 3:
      return [list[0]!, list[1]!, list[2]!];
    default:
      return list.slice();
  }
}

const FRESH: string[] = [];

/** `visited` followed by the ids of `path` not in it, in a new array of exactly that length. */
function withNew(visited: readonly string[], path: readonly string[]): string[] {
  let fresh = 0;
  for (let i = 0; i < path.length; i++) if (!visited.includes(path[i]!)) FRESH[fresh++] = path[i]!;
  const out = new Array<string>(visited.length + fresh);
  for (let i = 0; i < visited.length; i++) out[i] = visited[i]!;
  for (let i = 0; i < fresh; i++) out[visited.length + i] = FRESH[i]!;
  return out;
}

function walkOf(tree: BoxTree, compiled: CompiledRuleSet): Walk {
  let walk = tree.walks.get(compiled);
  if (walk === undefined) {
    const plans = compiled.plan.boxes.get('arrived');
    const rootPath = tree.pathTo(tree.rootId);
    walk = { global: compiled.plan.global.get('arrived'), rootPath, rootPlans: rootPath.map((id) => plans?.get(id)), stops: new Map() };
    tree.walks.set(compiled, walk);
  }
  return walk;
}

function stopAt(tree: BoxTree, compiled: CompiledRuleSet, walk: Walk, id: string): Stop | undefined {
  let stop = walk.stops.get(id);
  if (stop === undefined) {
    const place = tree.places.get(id);
    if (place === undefined) return undefined;
    const plans = compiled.plan.boxes.get('arrived');
    const visited = withNew(walk.rootPath, place.path);
    const added = visited.slice(walk.rootPath.length);
    stop = { place, plans: place.path.map((box) => plans?.get(box)), fromRoot: { visited, plans: added.map((box) => plans?.get(box)) } };
    walk.stops.set(id, stop);
  }
  return stop;
}

export function routeLead(tree: BoxTree, compiled: CompiledRuleSet, lead: Lead, context: RouteContext): RouteResult {
  const given = context.boxPath?.length ? context.boxPath : null;
  if (given) for (let i = 0; i < given.length; i++) if (!tree.nodes.has(given[i]!)) throw new Error(`boxPath[${i}]: unknown box "${given[i]}"`);
  const walk = walkOf(tree, compiled);
  const start = given ?? walk.rootPath;
  const boxPlans = compiled.plan.boxes;
  const load = context.boxLoad;
  const maxHops = context.maxHops ?? 16;
  const s = createSession(lead, context, compiled.layout);
  // The start itself until the first hop replaces it (most leads hop), copied only if none does.
  // Lists are built at their final length: an array grown by push allocates 17 slots.
  let visited: readonly string[] = start;
  // Still the root path, so the first hop can take its visited list and plans from the walk.
  const rootVisited = given === null ? visited : null;
  let hops = empty<Hop>();
  let loop: RouteResult['loop'] = null;

  if (s.event === 'arrived') walk.global?.run(s);
  else runScope(s, compiled.plan.global);
  if (given === null && s.event === 'arrived') for (const plan of walk.rootPlans) plan?.run(s);
  else {
    const plans = boxPlans.get(s.event);
    for (const id of start) plans?.get(id)?.run(s);
  }
  let current = start[start.length - 1]!;
  let handled = 0;
  while (s.routing?.kind === 'box' && s.routingSeq !== handled) {
    handled = s.routingSeq;
    let target = s.routing.boxId;
    const rule = s.routingRule!;
    let at = stopAt(tree, compiled, walk, target);
    if (!at) {
      stop(s, `routes to unknown box "${target}"`);
      break;
    }
    const node = at.place.node;
    if (isFull(node, load)) {
      s.overflow = { reason: `box "${node.name ?? target}" is full`, boxId: target, ruleId: rule.ruleId, ruleName: rule.ruleName };
      const overflow = node.overflowBoxId === undefined ? undefined : stopAt(tree, compiled, walk, node.overflowBoxId);
      if (!overflow || isFull(overflow.place.node, load)) {
        s.routing = null;
        break;
      }
      target = overflow.place.node.id;
      at = overflow;
      s.routing = { kind: 'box', boxId: target };
    }
    if (visited.includes(target) || hops.length >= maxHops) {
      loop = { boxId: target, reason: visited.includes(target) ? 'revisit' : 'maxHops' };
      stop(s, loop.reason === 'revisit' ? `routing loop: box "${target}" was already visited (${[...visited, target].join(' → ')})` : `routing stopped after ${maxHops} hops`);
      break;
    }
    hops = added(hops, { from: current, to: target, ruleId: rule.ruleId, ruleName: rule.ruleName });
    s.event = 'arrived';
    if (visited === rootVisited) {
      visited = copied(at.fromRoot.visited);
      for (const plan of at.fromRoot.plans) plan?.run(s);
    } else {
      const path = at.place.path;
      const passed = visited.length;
      visited = withNew(visited, path);
      // The plans on the path of the boxes not visited before, in path order (withNew keeps it).
      for (let i = 0; i < path.length; i++) if (visited.indexOf(path[i]!) >= passed) at.plans[i]?.run(s);
    }
    current = target;
  }
  const result = finish(s, compiled.layout, visited === start ? copied(start) : (visited as string[])) as RouteResult;
  result.boxId = current;
  result.hops = hops;
  result.loop = loop;
  return result;
}
