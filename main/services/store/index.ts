export { openStore, STORE_FILE, type LocalStore, type OpenStoreOptions } from './open-store.ts';
export { StoreOpenError, type StoreProblemKind } from './store-error.ts';
export { resolveDataDir } from './data-dir.ts';
export { LeadRepository, type ActionStoreContext } from './lead-repository.ts';
export { SEARCH_CANDIDATE_CAP, toFtsQuery } from './lead-search.ts';
export type { Outbox, OutboxEntry } from './outbox.ts';
export type { Settings } from './settings.ts';
export type { ColleagueStore } from './colleagues.ts';
