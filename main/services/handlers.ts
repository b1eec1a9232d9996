import type { Colleague, WorkspaceInfo } from '../../core/contract/index.ts';
import { CallError } from '../../core/contract/errors.ts';
import { generateDemoWorkspace } from '../../core/demo/generate.ts';
import type { Handlers } from './dispatch.ts';
import type { EventHub } from './events.ts';
import { createNotificationHandlers } from './notification-preferences.ts';
import { createRuleHandlers } from './rules/rule-handlers.ts';
import type { LocalStore } from './store/index.ts';
import type { SyncCallName } from './sync-handlers.ts';

export type WorkspaceMode = WorkspaceInfo['mode'];

export interface Profile {
  id: string;
  name: string;
}

export interface HandlerDeps {
  store: LocalStore;
  events: EventHub;
  version: string;
  dataDir: string;
  profile: Profile;
  now: () => number;
  newId: () => string;
}

export const MODE_KEY = 'workspace.mode';

/** The workstation's behaviour behind the contract (sync's calls are in sync-handlers.ts); I/O only through the store and the hub. */
export function createHandlers(deps: HandlerDeps): Omit<Handlers, SyncCallName> {
  const { store, events, profile } = deps;

  const mode = (): WorkspaceMode | null => store.settings.get<WorkspaceMode>(MODE_KEY) ?? null;

  const info = (): WorkspaceInfo => {
    const leadCount = store.leads.count();
    const current = mode();
    return {
      version: deps.version,
      dataDir: deps.dataDir,
      user: profile,
      leadCount,
      needsSetup: current === null && leadCount === 0,
      mode: current ?? (leadCount > 0 ? 'connected' : 'empty'),
      pendingChanges: store.outbox.status().pending,
    };
  };

  const changed = (): WorkspaceInfo => {
    const next = info();
    events.emit('workspace.changed', next);
    return next;
  };

  const nameOf = (userId: string): string => {
    if (userId === profile.id) return profile.name;
    return store.colleagues.list().find((colleague: Colleague) => colleague.id === userId)?.name ?? userId;
  };

  return {
    'workspace.info': () => info(),

    'workspace.createDemo': ({ count, seed }) => {
      if (store.leads.count() > 0) {
        throw new CallError('conflict', 'the lead box already has leads; a demo only fills an empty workspace', 'count');
      }
      const now = deps.now();
      const demo = generateDemoWorkspace({ count, seed, now, userId: profile.id, userName: profile.name });
      store.leads.insertMany(demo.leads, demo.history, demo.notes);
      store.colleagues.replaceAll([...demo.colleagues, ...demo.rules.people]);
      store.rules.seed(demo.rules, now);
      store.settings.set(MODE_KEY, 'demo');
      return changed();
    },

    'workspace.startEmpty': () => {
      if (mode() === null) store.settings.set(MODE_KEY, 'empty');
      return changed();
    },

    'leads.query': (query) => store.leads.query(query),
    'leads.facets': () => store.leads.facets(),

    'leads.get': ({ id }) => {
      const detail = store.leads.get(id);
      if (!detail) throw new CallError('not_found', 'no lead with this id', 'id');
      return detail;
    },

    'leads.act': (action) => {
      const result = store.leads.applyAction(action, {
        actor: profile.id,
        actorName: profile.name,
        now: deps.now(),
        newId: deps.newId,
        nameOf,
      });
      events.emit('lead.changed', { lead: result.lead, cause: 'local' });
      return result;
    },

    'colleagues.list': () => store.colleagues.list().filter((colleague) => colleague.id !== profile.id),
    'outbox.status': () => store.outbox.status(),
    ...createRuleHandlers({ store, me: profile, now: deps.now, newId: deps.newId }),
    ...createNotificationHandlers(store.settings),
  };
}
