import { CallError } from '../../core/contract/errors.ts';
import type { Handlers } from './dispatch.ts';
import { AccountSwitchError, type SyncClient } from './sync/sync-client.ts';
import { SyncHttpError } from './sync/server-api.ts';

export type SyncCallName = 'sync.connect' | 'sync.status' | 'sync.now' | 'sync.disconnect' | 'sync.rejections' | 'sync.dismiss';
type SyncHandlers = Pick<Handlers, SyncCallName>;

/** The contract's sync calls over the sync client; server refusals become errors naming the field. */
export function createSyncHandlers(client: SyncClient, isDemo: () => boolean): SyncHandlers {
  return {
    'sync.connect': async (input) => {
      if (isDemo() && !input.discardDemo) {
        throw new CallError('conflict', "this workspace holds demo leads, which no server knows; agree to remove the demo from this computer to connect", 'discardDemo');
      }
      try {
        return await client.connect(input);
      } catch (error) {
        if (error instanceof AccountSwitchError) throw new CallError('conflict', error.message, 'email');
        if (!(error instanceof SyncHttpError)) throw error;
        if (error.kind === 'auth') throw new CallError('invalid_input', 'email or password is wrong, or the account is disabled', 'password');
        throw new CallError(error.kind === 'refused' ? 'invalid_input' : 'conflict', `could not sign in: ${error.message}`, 'serverUrl');
      }
    },
    'sync.status': () => client.currentStatus(),
    'sync.now': () => client.syncNow(),
    'sync.disconnect': () => client.disconnect(),
    'sync.rejections': () => client.needsAttention(),
    'sync.dismiss': ({ mutationIds }) => client.dismiss(mutationIds),
  };
}
