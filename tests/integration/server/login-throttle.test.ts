import { afterEach, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../server/org/login-throttle.ts';
import { seed, startHarness, type Harness } from './routing-fixture.ts';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const PASSWORD = 'correct horse battery';
const person = (id: string) => ({ id, name: id, email: `${id}@example.com`, role: 'rep', password: PASSWORD });

async function harness(perAddress = 5): Promise<Harness> {
  const h = await startHarness({ loginLimits: { perAccount: 3, perAddress, windowMs: 60_000 } });
  harnesses.push(h);
  await seed(h, { users: [person('anna'), person('ben'), person('cleo')] });
  return h;
}

const attempt = (h: Harness, email: string, password: string, remoteAddress = '127.0.0.1') =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

describe('POST /api/v1/auth/login after repeated failures', () => {
  it('refuses the address and email with 429 and Retry-After, even with the right password, until the window passes', async () => {
    const h = await harness();
    for (let i = 0; i < 3; i++) expect((await attempt(h, 'anna@example.com', 'wrong')).statusCode).toBe(401);
    const refused = await attempt(h, 'Anna@Example.com', PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.json().error).toMatchObject({ code: 'too_many_requests', field: 'password', message: expect.stringContaining('try again in 1 minute') });
    // Another address is not held up: a guesser cannot lock the owner out.
    expect((await attempt(h, 'anna@example.com', PASSWORD, '10.0.0.7')).statusCode).toBe(200);
    h.clock.now += 60_000;
    expect((await attempt(h, 'anna@example.com', PASSWORD)).statusCode).toBe(200);
  });

  it('counts only failures, and a successful sign-in clears those of its address and email', async () => {
    const h = await harness(50);
    for (let round = 0; round < 3; round++) {
      expect((await attempt(h, 'ben@example.com', 'wrong')).statusCode).toBe(401);
      expect((await attempt(h, 'ben@example.com', 'wrong')).statusCode).toBe(401);
      expect((await attempt(h, 'ben@example.com', PASSWORD)).statusCode).toBe(200);
    }
  });

  it('refuses an address that sprays one password over many accounts', async () => {
    const h = await harness();
    for (const email of ['anna', 'ben', 'cleo', 'dora', 'emil'].map((id) => `${id}@example.com`)) expect((await attempt(h, email, 'Summer2026!')).statusCode).toBe(401);
    expect((await attempt(h, 'cleo@example.com', PASSWORD)).statusCode).toBe(429);
    expect((await attempt(h, 'cleo@example.com', PASSWORD, '10.0.0.8')).statusCode).toBe(200);
  });
});

describe('behind a trusted reverse proxy', () => {
  it('throttles the client named by X-Forwarded-For, not the proxy', async () => {
    const h = await startHarness({ trustProxy: ['127.0.0.1'], loginLimits: { perAccount: 2, perAddress: 50, windowMs: 60_000 } });
    harnesses.push(h);
    await seed(h, { users: [person('anna')] });
    const via = (client: string, password: string) =>
      h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'anna@example.com', password }, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 2; i++) expect((await via('203.0.113.9', 'wrong')).statusCode).toBe(401);
    expect((await via('203.0.113.9', PASSWORD)).statusCode).toBe(429);
    expect((await via('198.51.100.4', PASSWORD)).statusCode).toBe(200);
  });
});

describe('LoginThrottle', () => {
  it('remembers a bounded number of keys, dropping the oldest', () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle(() => clock.now, { perAccount: 1, perAddress: 100, windowMs: 1_000, maxKeys: 4 });
    throttle.failed('a', 'x@example.com');
    expect(throttle.retryAfterMs('a', 'x@example.com')).toBe(1_000);
    throttle.failed('b', 'y@example.com');
    throttle.failed('c', 'z@example.com');
    // Keys: a|x, a, b|y, b, then c|z and c push out the oldest two.
    expect(throttle.retryAfterMs('a', 'x@example.com')).toBe(0);
    expect(throttle.retryAfterMs('c', 'z@example.com')).toBe(1_000);
    clock.now = 400;
    expect(throttle.retryAfterMs('c', 'z@example.com')).toBe(600);
  });
});
