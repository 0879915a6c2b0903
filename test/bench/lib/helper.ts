import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** What a helper process reports to the orchestrator over IPC. */
export interface Message {
  type: string;
  [key: string]: unknown;
}

export interface Helper {
  send(message: Message): void;
  /** The next message of `type`, or a rejection after `ms` or when the process dies first. */
  next<T extends Message>(type: string, ms: number): Promise<T>;
  /** SIGTERM, then SIGKILL if it has not gone within `ms`. */
  stop(ms?: number): Promise<void>;
}

/**
 * Runs one of the bench scripts in its own Node process, so that load
 * generation and socket clients never share a CPU queue with the server or
 * with the orchestrator's measurements. Talks over the IPC channel.
 */
export function spawnHelper(script: string, args: string[], env: Record<string, string> = {}): Helper {
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const inbox: Message[] = [];
  const waiters = new Set<() => void>();
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      for (const wake of waiters) wake();
      resolve();
    }),
  );
  child.on('message', (message: Message) => {
    inbox.push(message);
    for (const wake of waiters) wake();
  });

  return {
    send(message) {
      if (child.connected) child.send(message);
    },
    next<T extends Message>(type: string, ms: number) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const index = inbox.findIndex((m) => m.type === type || m.type === 'error');
          if (index >= 0) {
            const [message] = inbox.splice(index, 1);
            done();
            if (message!.type === 'error') reject(new Error(`${script}: ${String(message!.message)}\n${output}`));
            else resolve(message as T);
          } else if (exitCode !== undefined) {
            done();
            reject(new Error(`${script} exited (${exitCode}) before "${type}":\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${script}: no "${type}" within ${ms} ms:\n${output}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(ms = 5000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(timer);
    },
  };
}
