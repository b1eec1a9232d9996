import { expectStatus, SECRET, startNode } from './exchange-fixture.ts';
import { corpus, post, storedRows, VENDOR } from './hostile-corpus.ts';

/**
 * Child process of exchange-hostile-memory.test.ts, run as `node --expose-gc --import tsx`:
 * a reseller answers the hostile corpus round after round; prints, as one JSON line, the heap
 * after a full collection once warmed up and after every later round, and every answer that
 * was not the expected refusal.
 */
const [warmRounds, rounds] = process.argv.slice(2).map(Number) as [number, number];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const node = await startNode('reseller');
try {
  expectStatus(await node.admin('POST', '/api/v1/admin/partners', { id: VENDOR, name: 'Vendor', url: 'http://127.0.0.1:9/api/v1/exchange/messages', format: 'xml', secret: SECRET }), 201);
  const stored = JSON.stringify(storedRows(node.app));
  const wrong: string[] = [];
  const round = async () => {
    for (const [name, make, status] of corpus) {
      const answer = await post(node.app, make());
      if (answer.status !== status) wrong.push(`${name}: ${answer.status}`);
    }
  };
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage();
  };
  for (let r = 0; r < warmRounds; r++) await round();
  const warm = heap();
  const after: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await round();
    after.push(heap().heapUsed);
  }
  const end = process.memoryUsage();
  const unchanged = JSON.stringify(storedRows(node.app)) === stored;
  process.stdout.write(`${JSON.stringify({ requests: rounds * corpus.length, warm: { heapUsed: warm.heapUsed, external: warm.external }, after, external: end.external, unchanged, wrong })}\n`);
} finally {
  await node.close();
}
