import { z } from 'zod';
import { CallError } from '../../../core/contract/errors.ts';
import { Lead } from '../../../core/lead/lead.ts';
import { checkPullPage, refusal } from '../../../core/sync/page-check.ts';
import { FeedHistoryEntry, LiveEvent, PushResponse, type PullPage, type PushRequest } from '../../../core/sync/protocol.ts';
import { SNAPSHOT_CONTENT_TYPE } from '../../../core/sync/snapshot.ts';
import { download } from './http-download.ts';
import type { SharedBuffers } from './shared-buffers.ts';

/**
 * The lead server's sync endpoints over HTTP. Failures come back as SyncHttpError with a
 * kind the client can act on: offline (retry with backoff), auth (sign in again), refused
 * (the server said no: show it), server (5xx: retry).
 */
export type FailureKind = 'offline' | 'auth' | 'refused' | 'server';

export class SyncHttpError extends Error {
  constructor(readonly kind: FailureKind, message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

const LoginAnswer = z.object({ token: z.string(), user: z.object({ id: z.string(), name: z.string(), email: z.string() }) });
export type LoginAnswer = z.infer<typeof LoginAnswer>;
const LeadAnswer = z.object({ lead: Lead, history: z.array(FeedHistoryEntry) });

const REQUEST_TIMEOUT_MS = 30_000;
/** Three of the server's 15 s heartbeats missed. */
export const LIVE_IDLE_MS = 45_000;
/** Signing out must not hang on a server that is away. */
const LOGOUT_TIMEOUT_MS = 3_000;

/** How an answer is checked: the message names the field at fault. */
type Check<T> = (value: unknown) => { success: true; data: T } | { success: false; message: string };

function schemaCheck<T>(schema: z.ZodType<T>): Check<T> {
  return (value) => {
    const checked = schema.safeParse(value);
    return checked.success ? checked : refusal([], checked.error);
  };
}

export interface ServerApi {
  login(email: string, password: string, label: string): Promise<LoginAnswer>;
  /** Revokes the token on the server; best effort (offline, it simply stays until revoked there). */
  logout(): Promise<void>;
  push(request: PushRequest): Promise<PushResponse>;
  pull(cursor: number, limit: number): Promise<PullPage>;
  /** A page of the first sync's snapshot as bytes (snapshot-page.ts reads them); a server without the endpoint answers 404 (status on the error). */
  snapshot(after: number, limit: number, buffers: SharedBuffers): Promise<Buffer>;
  /** The lead as the server has it for me, or null when it is not mine (404). */
  lead(leadId: string): Promise<z.infer<typeof LeadAnswer> | null>;
  /**
   * Opens the live stream; resolves when it ends (closed by either side or `signal`). Nothing
   * heard for `idleMs` (the server writes a heartbeat every 15 s) ends it as offline: after a
   * sleep or a network change the connection can be dead without either side being told.
   */
  listen(onEvent: (event: LiveEvent) => void, signal: AbortSignal, idleMs?: number): Promise<void>;
}

/** Refuses with a CallError naming serverUrl, so callers need not guess which of their errors came from here. */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new CallError('invalid_input', 'must be a URL such as https://leads.example.com', 'serverUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CallError('invalid_input', 'must start with https:// (or http:// for a server on this machine)', 'serverUrl');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export function createServerApi(baseUrl: string, token: () => string | null): ServerApi {
  /** Sends; a connection that fails is retried once when it was a stale pooled one, and is offline otherwise. */
  async function reach<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send().catch((error: unknown) => {
        // A pooled connection that died while the network was away fails at once; a fresh
        // one may well work. Safe for every call here: a repeated push is answered from the record.
        if (!isStaleConnection(error)) throw error;
        return send();
      });
    } catch (error) {
      throw new SyncHttpError('offline', `cannot reach ${baseUrl}: ${(error as Error).message}`);
    }
  }

  /** Sends a request and answers the response once it is a 2xx; every failure is a SyncHttpError. */
  async function request(method: string, path: string, accept: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await reach(() => fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));
    if (!response.ok) throw failure(response.status, response.statusText, await response.text().catch(() => ''));
    return response;
  }

  /** A snapshot page's bytes (see http-download.ts for why not fetch), with the failures of `request`. */
  async function bytes(path: string, accept: string, buffers: SharedBuffers): Promise<Buffer> {
    const headers: Record<string, string> = { accept, authorization: `Bearer ${token() ?? ''}` };
    const answer = await reach(() => download(`${baseUrl}${path}`, headers, REQUEST_TIMEOUT_MS, buffers));
    if (answer.status < 200 || answer.status > 299) throw failure(answer.status, answer.statusText, answer.body.toString('utf8'));
    return answer.body;
  }

  /** The body, read to the end; a connection lost halfway is offline, like one never made. */
  async function bodyOf<T>(response: Response, read: (response: Response) => Promise<T>): Promise<T> {
    try {
      return await read(response);
    } catch (error) {
      throw new SyncHttpError('offline', `the answer from ${baseUrl} broke off: ${(error as Error).message}`);
    }
  }

  async function call<T>(method: string, path: string, check: Check<T>, body?: unknown): Promise<T> {
    const response = await request(method, path, 'application/json', body);
    const text = await bodyOf(response, (answer) => answer.text());
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SyncHttpError('server', `the server answered ${path} with something that is not JSON`, response.status);
    }
    const checked = check(parsed);
    if (!checked.success) throw notUnderstood(path, checked.message);
    return checked.data;
  }

  return {
    login: (email, password, label) => call('POST', '/api/v1/auth/login', schemaCheck(LoginAnswer), { email, password, label }),
    logout: async () => {
      const bearer = token();
      if (!bearer) return;
      await fetch(`${baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS) }).catch(() => undefined);
    },
    push: (request) => call('POST', '/api/v1/sync/push', schemaCheck(PushResponse), request),
    pull: (cursor, limit) => call('GET', `/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`, checkPullPage),
    snapshot: (after, limit, buffers) => bytes(snapshotPath(after, limit), SNAPSHOT_CONTENT_TYPE, buffers),
    lead: async (leadId) => {
      try {
        return await call('GET', `/api/v1/leads/${encodeURIComponent(leadId)}`, schemaCheck(LeadAnswer));
      } catch (error) {
        if (error instanceof SyncHttpError && error.status === 404) return null;
        throw error;
      }
    },
    listen: async (onEvent, signal, idleMs = LIVE_IDLE_MS) => {
      const silence = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const heard = () => {
        clearTimeout(timer);
        timer = setTimeout(() => silence.abort(), idleMs);
        timer.unref?.();
      };
      heard();
      try {
        const response = await fetch(`${baseUrl}/api/v1/sync/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token() ?? ''}` }, signal: AbortSignal.any([signal, silence.signal]) });
        if (!response.ok || !response.body) throw new SyncHttpError(response.status === 401 ? 'auth' : 'server', `live events: ${response.status}`, response.status);
        const decoder = new TextDecoder();
        let buffer = '';
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          heard();
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
            if (!data) continue;
            // An event this workstation cannot read is skipped, as one it does not know is; the next pull catches up.
            const event = LiveEvent.safeParse(parseJson(data));
            if (event.success) onEvent(event.data);
          }
        }
      } catch (error) {
        // Closed by the workstation itself: not a failure.
        if (signal.aborted) return;
        if (error instanceof SyncHttpError) throw error;
        const reason = silence.signal.aborted ? `nothing heard for ${Math.round(idleMs / 1000)} s` : (error as Error).message;
        throw new SyncHttpError('offline', `live events: ${reason}`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The server said no: 401 is a sign-in, 5xx and 429 are worth a retry, the rest is refused. */
function failure(status: number, statusText: string, body: string): SyncHttpError {
  const message = messageOf(body) ?? `${status} ${statusText}`;
  if (status === 401) return new SyncHttpError('auth', message, 401);
  return new SyncHttpError(status >= 500 || status === 429 ? 'server' : 'refused', message, status);
}

function isStaleConnection(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function messageOf(text: string): string | null {
  const body = parseJson(text) as { error?: { message?: unknown } } | null | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : null;
}

export function snapshotPath(after: number, limit: number): string {
  return `/api/v1/sync/snapshot?after=${after}&limit=${limit}`;
}

/** An answer to `path` that does not read as the protocol says (`problem` names where). */
export function notUnderstood(path: string, problem: string): SyncHttpError {
  return new SyncHttpError('server', `the server's answer to ${path} is not what this workstation understands: ${problem}`);
}
