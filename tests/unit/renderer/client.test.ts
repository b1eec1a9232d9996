import { describe, expect, it } from 'vitest';
import type { BridgeErrorBody, LeadRelayBridge } from '../../../core/contract/index.ts';
import { CallError } from '../../../core/contract/errors.ts';
import { createApi, toCallError } from '../../../renderer/api/client.ts';

const body: BridgeErrorBody = { error: { code: 'invalid_input', message: 'amount: is required when the lead is won', field: 'amount' } };

describe('toCallError', () => {
  it('reads the bridge error body the web shim throws', () => {
    const error = toCallError(new Error(JSON.stringify(body)));
    expect(error).toBeInstanceOf(CallError);
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe('amount');
    expect(error.message).toBe('amount: is required when the lead is won');
  });

  it('reads it behind the prefix Electron adds to rejected invokes', () => {
    const error = toCallError(new Error(`Error invoking remote method 'leadrelay:invoke': Error: ${JSON.stringify(body)}`));
    expect(error.field).toBe('amount');
  });

  it('keeps any other failure as an internal error with its message', () => {
    const error = toCallError(new TypeError('Failed to fetch'));
    expect(error.code).toBe('internal');
    expect(error.field).toBeUndefined();
    expect(error.message).toBe('Failed to fetch');
  });
});

describe('createApi', () => {
  it('passes calls through the bridge and turns rejections into CallErrors', async () => {
    const seen: [string, unknown][] = [];
    const bridge: LeadRelayBridge = {
      invoke: async (name, input) => {
        seen.push([name, input]);
        if (name === 'leads.get') throw new Error(JSON.stringify({ error: { code: 'not_found', message: 'no lead with this id', field: 'id' } }));
        return { pending: 3, oldestAt: null };
      },
      on: () => () => {},
    };
    const api = createApi(() => bridge);
    await expect(api.call('outbox.status', {})).resolves.toEqual({ pending: 3, oldestAt: null });
    await expect(api.call('leads.get', { id: 'x' })).rejects.toMatchObject({ code: 'not_found', field: 'id' });
    expect(seen).toEqual([
      ['outbox.status', {}],
      ['leads.get', { id: 'x' }],
    ]);
  });

  it('says so when there is no bridge at all', async () => {
    const api = createApi(() => undefined);
    await expect(api.call('workspace.info', {})).rejects.toMatchObject({ code: 'internal' });
  });
});
