import { userInfo } from 'node:os';
import type { WorkspaceInfo } from '../../core/contract/index.ts';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { EventHub } from './events.ts';
import { createHandlers, MODE_KEY, type Profile } from './handlers.ts';
import { discardWorkspace } from './store/discard-workspace.ts';
import { FileSecretStore, type SecretStore } from './secrets.ts';
import { openStore, type LocalStore } from './store/index.ts';
import { createSyncHandlers } from './sync-handlers.ts';
import { SyncClient, type SyncClientOptions } from './sync/sync-client.ts';
import packageJson from '../../package.json' with { type: 'json' };

export interface Workstation {
  dispatch: Dispatch;
  events: EventHub;
  store: LocalStore;
  sync: SyncClient;
  close(): void;
}

export interface WorkstationOptions {
  dataDir: string;
  now?: () => number;
  newId?: () => string;
  /** Where the server token is kept: Electron passes its safeStorage store; default <dataDir>/secrets.json (0600, not encrypted). */
  secrets?: SecretStore;
  /** Sync timing for tests (poll interval, backoff). */
  sync?: Pick<SyncClientOptions, 'pollMs' | 'backoff' | 'random' | 'pushBatch' | 'pullLimit' | 'snapshotLimit' | 'liveIdleMs'>;
}

const PROFILE_KEY = 'profile';

/** Opens the local store and wires the handler map: the same services for Electron, the web bridge and tests. */
export function startWorkstation(options: WorkstationOptions): Workstation {
  const store = openStore({ dataDir: options.dataDir });
  const newId = options.newId ?? (() => uuidv7());
  const events = new EventHub();
  const profile = loadProfile(store, newId);
  const now = options.now ?? Date.now;
  const handlers = createHandlers({
    store,
    events,
    version: packageJson.version,
    dataDir: options.dataDir,
    profile,
    now,
    newId,
  });
  const sync = new SyncClient({
    ...options.sync,
    store,
    events,
    secrets: options.secrets ?? new FileSecretStore(join(options.dataDir, 'secrets.json')),
    now,
    newId,
    // workspace.info answers synchronously.
    workspaceInfo: () => handlers['workspace.info']({}) as WorkspaceInfo,
    setProfile: (next) => {
      // The handlers hold this object: acting as the signed-in user takes effect at once.
      Object.assign(profile, next);
      store.settings.set(PROFILE_KEY, profile);
      store.settings.set(MODE_KEY, 'connected');
    },
    // The demo's leads exist on no server, and another account's must not be shown to this one.
    onNewAccount: (previous) => {
      if (previous === null && store.settings.get(MODE_KEY) !== 'demo') return;
      discardWorkspace(store);
      events.emit('workspace.changed', handlers['workspace.info']({}) as WorkspaceInfo);
    },
  });
  const isDemo = () => store.settings.get(MODE_KEY) === 'demo';
  void sync.start();
  return {
    dispatch: createDispatcher({ ...handlers, ...createSyncHandlers(sync, isDemo) }),
    events,
    store,
    sync,
    close: () => {
      sync.stop();
      store.close();
    },
  };
}

/** Until a server account is connected, the workstation acts as a local profile named after the OS user. */
function loadProfile(store: LocalStore, newId: () => string): Profile {
  const saved = store.settings.get<Profile>(PROFILE_KEY);
  if (saved) return saved;
  const login = safeLoginName();
  const profile: Profile = { id: newId(), name: login.charAt(0).toUpperCase() + login.slice(1) };
  store.settings.set(PROFILE_KEY, profile);
  return profile;
}

function safeLoginName(): string {
  try {
    return userInfo().username || 'Me';
  } catch {
    return 'Me';
  }
}
