import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { download } from '../../../main/services/sync/http-download.ts';
import { SharedBuffers } from '../../../main/services/sync/shared-buffers.ts';

// The snapshot's download over node:http: whole answers, answers cut short, and a link that
// is slow but alive told apart from one that has gone silent.
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(answer: (response: ServerResponse, request: IncomingMessage) => void): Promise<string> {
  const server = createServer((request, response) => answer(response, request));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/page`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('download', () => {
  it('answers the status and the whole body, and sends the headers given', async () => {
    const url = await serve((response, request) => response.writeHead(201).end(`${request.headers.authorization}\nb\n`));
    const answer = await download(url, { authorization: 'Bearer t' }, 1_000, new SharedBuffers());
    expect(answer).toEqual({ status: 201, statusText: 'Created', body: Buffer.from('Bearer t\nb\n') });
    // Over shared memory, so the history check's thread reads the page without a copy.
    expect(answer.body.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('fails when the answer breaks off before its end', async () => {
    const url = await serve((response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only part');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await expect(download(url, {}, 1_000, new SharedBuffers())).rejects.toThrow();
  });

  it('fails when nothing comes for the idle time, and waits for a slow answer that keeps coming', async () => {
    const silent = await serve((response) => response.writeHead(200).write('first'));
    await expect(download(silent, {}, 150, new SharedBuffers())).rejects.toThrow('nothing heard for 150 ms');

    const slow = await serve((response) => void (async () => {
      response.writeHead(200);
      for (let i = 0; i < 6; i += 1) {
        response.write(`${i}`);
        await pause(60);
      }
      response.end();
    })());
    expect((await download(slow, {}, 150, new SharedBuffers())).body.toString()).toBe('012345');
  });
});
