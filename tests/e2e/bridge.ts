import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallInput, CallName, CallResult } from '../../core/contract/index.ts';

/** A real web bridge (main/web/start.ts) on a fresh data directory, for one spec file. */
export interface RunningBridge {
  /** http://127.0.0.1:PORT/#token=TOKEN, as printed by start.ts. */
  url: string;
  base: string;
  token: string;
  dataDir: string;
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  stop(): Promise<void>;
}

const READY = /LeadRelay web: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/;
const root = join(import.meta.dirname, '..', '..');

export async function startBridge(): Promise<RunningBridge> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-e2e-'));
  // globalSetup has built the renderer once, so each bridge skips the staleness check.
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/start.ts', '--port', '0', '--data', dataDir, '--no-open', '--no-build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { base, token } = await waitForReady(child);

  const call = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> => {
    const response = await fetch(`${base}/rpc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(body)}`);
    return body as CallResult<N>;
  };

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  return { url: `${base}/#token=${token}`, base, token, dataDir, call, stop };
}

function waitForReady(child: ChildProcess): Promise<{ base: string; token: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve({ base: match[1]!, token: match[2]! });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`start.ts exited with ${code} before it was ready:\n${output}`)));
  });
}
