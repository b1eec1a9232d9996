import { userInfo } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { EventHub } from './events.ts';
import { createHandlers, type Profile } from './handlers.ts';
import { openStore, type LocalStore } from './store/index.ts';
import packageJson from '../../package.json' with { type: 'json' };

export interface Workstation {
  dispatch: Dispatch;
  events: EventHub;
  store: LocalStore;
  close(): void;
}

export interface WorkstationOptions {
  dataDir: string;
  now?: () => number;
  newId?: () => string;
}

const PROFILE_KEY = 'profile';

/** Opens the local store and wires the handler map: the same services for Electron, the web bridge and tests. */
export function startWorkstation(options: WorkstationOptions): Workstation {
  const store = openStore({ dataDir: options.dataDir });
  const newId = options.newId ?? (() => uuidv7());
  const events = new EventHub();
  const profile = loadProfile(store, newId);
  const handlers = createHandlers({
    store,
    events,
    version: packageJson.version,
    dataDir: options.dataDir,
    profile,
    now: options.now ?? Date.now,
    newId,
  });
  return {
    dispatch: createDispatcher(handlers),
    events,
    store,
    close: () => store.close(),
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
