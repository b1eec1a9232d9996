import type { NamedRef, RuleBox } from '../../../core/contract/index.ts';
import { CallError } from '../../../core/contract/errors.ts';
import { buildBoxTree, type BoxTree, type Names } from '../../../core/rules/index.ts';
import type { BoxRow, LocalStore, StoredTemplate } from '../store/index.ts';

/**
 * Where I stand in the box tree, read fresh for each call: my box, the boxes below it (which a
 * manager may edit too), and my manager chain (the owners of the boxes above mine), whose
 * templates every rule I write must satisfy. The tree is the server's; a workstation that has
 * none yet gets a box of its own so the editor works offline from the start.
 */

export interface Me {
  id: string;
  name: string;
}

export interface RuleDirectory {
  tree: BoxTree;
  myBox: BoxRow;
  /** My box and every box below it, depth first, with their depth below mine. */
  editable: Array<BoxRow & { depth: number }>;
  canManage: boolean;
  /** Templates my manager chain handed me, from the top of the hierarchy down. */
  chain: StoredTemplate[];
  userName(id: string): string;
  names: Names;
  users: NamedRef[];
  userClasses: Record<string, string[]>;
  classRefs: NamedRef[];
  isEditable(boxId: string): boolean;
  boxName(boxId: string): string;
}

function ensureMyBox(store: LocalStore, me: Me): BoxRow[] {
  const boxes = store.rules.boxes();
  if (boxes.some((b) => b.ownerId === me.id)) return boxes;
  const root = boxes.find((b) => b.parentId === null);
  store.rules.addBox({ id: `box-${me.id}`, parentId: root?.id ?? null, name: 'My lead box', ownerId: me.id });
  return store.rules.boxes();
}

export function loadDirectory(store: LocalStore, me: Me): RuleDirectory {
  const boxes = ensureMyBox(store, me);
  const tree = buildBoxTree(boxes.map(({ ownerId: _owner, ...node }) => node));
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const mine = boxes.filter((b) => b.ownerId === me.id).sort((a, b) => tree.pathTo(a.id).length - tree.pathTo(b.id).length)[0]!;

  const children = new Map<string, BoxRow[]>();
  for (const box of boxes) if (box.parentId !== null) children.set(box.parentId, [...(children.get(box.parentId) ?? []), box]);
  const editable: RuleDirectory['editable'] = [];
  const walk = (box: BoxRow, depth: number) => {
    editable.push({ ...box, depth });
    for (const child of children.get(box.id) ?? []) walk(child, depth + 1);
  };
  walk(mine, 0);
  const editableIds = new Set(editable.map((b) => b.id));

  const managers: string[] = [];
  for (const id of tree.pathTo(mine.id)) {
    const owner = byId.get(id)?.ownerId;
    if (owner && owner !== me.id && !managers.includes(owner)) managers.push(owner);
  }
  const templates = store.rules.templates();
  const chain = managers.flatMap((owner) => templates.filter((t) => t.ownerId === owner));

  const people = new Map<string, string>(store.colleagues.list().map((c) => [c.id, c.name]));
  people.set(me.id, me.name);
  const userName = (id: string) => people.get(id) ?? id;
  const classes = store.rules.userClasses();
  const classNames = new Map(classes.map((c) => [c.id, c.name]));
  const tableNames = new Map(store.rules.lookupTables().map((t) => [t.id, t.name ?? t.id]));
  const boxName = (id: string) => byId.get(id)?.name ?? id;

  return {
    tree,
    myBox: mine,
    editable,
    canManage: editable.length > 1,
    chain,
    userName,
    names: { box: boxName, user: userName, userClass: (id) => classNames.get(id), table: (id) => tableNames.get(id) },
    users: [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    userClasses: Object.fromEntries(classes.map((c) => [c.id, c.members])),
    classRefs: classes.map((c) => ({ id: c.id, name: c.name })),
    isEditable: (boxId) => editableIds.has(boxId),
    boxName,
  };
}

export function ruleBoxes(dir: RuleDirectory, counts: ReadonlyMap<string, number>): RuleBox[] {
  return dir.editable.map((b) => ({
    id: b.id,
    parentId: b.parentId,
    name: b.name,
    ownerId: b.ownerId,
    ownerName: b.ownerId ? dir.userName(b.ownerId) : null,
    depth: b.depth,
    mine: b.depth === 0,
    ruleCount: counts.get(b.id) ?? 0,
  }));
}

/** Refuses a box I may not write rules for, naming the ones I may. */
export function requireEditableBox(dir: RuleDirectory, boxId: string, field: string): void {
  if (dir.isEditable(boxId)) return;
  const allowed = dir.editable.map((b) => `"${b.name}" (${b.id})`).join(', ');
  throw new CallError('invalid_input', `box "${boxId}" is not yours or below yours; you can write rules for ${allowed}`, field);
}
