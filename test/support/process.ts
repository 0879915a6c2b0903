import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoginResult } from '@civic/shared';
import { PASSWORD } from './fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs `server/src/main.ts` as its own process, exactly as `npm start` does
 * after the web build, with the given environment on top of a clean one.
 */
export function startServerProcess(
  env: Record<string, string | undefined>,
  readyTimeoutMs = 120_000,
): Promise<ServerProcess> {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'DEMO', 'PORT', 'HOST', 'EMBEDDED_DATA_DIR']) delete base[key];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running: (http:\/\/localhost:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
      resolve({
        baseUrl: match[1]!.replace('localhost', '127.0.0.1'),
        output: () => output,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** One HTTP call to a server process; an empty answer body is null. */
export async function callNode<T>(
  node: ServerProcess,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${node.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Logs a fixture user in on a server process and answers the token. */
export async function loginOnNode(node: ServerProcess, username: string): Promise<string> {
  const { body } = await callNode<LoginResult>(node, 'POST', '/api/auth/login', undefined, {
    username,
    password: PASSWORD,
  });
  return body.token;
}
