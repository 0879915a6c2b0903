import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

describe('lockDataDir', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'civic-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('takes a free directory and releases it', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'civic-dispatch.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'civic-dispatch.pid'))).toBe(false);
  });

  it('refuses a directory held by another running process', () => {
    const dir = freshDir();
    // The parent of this test process is surely running and is not us.
    writeFileSync(join(dir, 'civic-dispatch.pid'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
  });

  it('takes over a lock left by a process that has exited', () => {
    const dir = freshDir();
    const exited = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'civic-dispatch.pid'), exited.stdout.trim());
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'civic-dispatch.pid'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
