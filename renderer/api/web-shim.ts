import type { BridgeErrorBody, LeadRelayBridge } from '../../core/contract/index.ts';

/**
 * In a plain browser there is no preload, so this rebuilds window.leadrelay over the web
 * bridge: POST /rpc/<name> for calls and one shared EventSource on /events for pushes.
 * The page is opened as http://127.0.0.1:PORT/#token=TOKEN; the token moves into
 * sessionStorage so it survives reloads but does not linger in the address bar or history.
 */

const TOKEN_KEY = 'leadrelay.token';

export interface WebShim {
  bridge: LeadRelayBridge;
  /** Called when there is no token, or once the bridge answers 401 (stale or wrong token). */
  onUnauthorized(listener: () => void): void;
}

export class UnauthorizedError extends Error {
  constructor() {
    super('This page is not authorised to talk to LeadRelay. Open the address printed by npm run start:web.');
    this.name = 'UnauthorizedError';
  }
}

export function takeToken(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    hash.delete('token');
    const rest = hash.toString();
    const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : '');
    window.history.replaceState(window.history.state, '', url);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function createWebShim(token: string | null): WebShim {
  const unauthorizedListeners: (() => void)[] = [];
  let unauthorized = token === null;
  const markUnauthorized = () => {
    if (unauthorized) return;
    unauthorized = true;
    for (const listener of unauthorizedListeners) listener();
  };

  let source: EventSource | null = null;
  const eventSource = () => {
    source ??= new EventSource(`/events?token=${encodeURIComponent(token ?? '')}`);
    return source;
  };

  const bridge: LeadRelayBridge = {
    async invoke(name, input) {
      if (token === null) throw new UnauthorizedError();
      const response = await fetch(`/rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      if (response.status === 401) {
        markUnauthorized();
        throw new UnauthorizedError();
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return body;
      throw new Error(JSON.stringify(asErrorBody(body, response.status)));
    },
    on(event, listener) {
      if (token === null) return () => {};
      // EventSource opens (and reopens after a drop) on its own; each open may follow missed events.
      if (event === 'events.resumed') {
        const opened = () => listener({});
        const target = eventSource();
        target.addEventListener('open', opened);
        return () => target.removeEventListener('open', opened);
      }
      const handler = (message: MessageEvent<string>) => {
        let payload: unknown;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        listener(payload);
      };
      const target = eventSource();
      target.addEventListener(event, handler as EventListener);
      return () => target.removeEventListener(event, handler as EventListener);
    },
  };

  return {
    bridge,
    onUnauthorized(listener) {
      unauthorizedListeners.push(listener);
      if (unauthorized) listener();
    },
  };
}

/** Keeps the preload's error convention: an Error whose message is a BridgeErrorBody. */
function asErrorBody(body: unknown, status: number): BridgeErrorBody {
  if (isErrorBody(body)) return body;
  return { error: { code: 'internal', message: `The LeadRelay bridge answered HTTP ${status}.` } };
}

export function isErrorBody(value: unknown): value is BridgeErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}
