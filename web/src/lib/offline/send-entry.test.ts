import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../api.ts';
import type { OutboxEntry } from './outbox.ts';
import type { QueuedPhoto } from './queued-photos.ts';
import { sendEntry, type SendDeps } from './send-entry.ts';

const photo = (text: string): QueuedPhoto => ({
  blob: new Blob([text], { type: 'image/jpeg' }),
  takenAt: '2026-11-26T02:00:00.000Z',
  position: { lng: 113.63, lat: 34.83, accuracy: 8 },
});

function entry(overrides: Partial<OutboxEntry>): OutboxEntry {
  return {
    id: 1,
    key: '8f14e45f-ceea-4e7a-9c2b-000000000001',
    userId: 3,
    createdAt: 0,
    attempts: 0,
    lastError: null,
    kind: 'accept',
    caseId: 7,
    path: '/api/cases/7/accept',
    body: {},
    ...overrides,
  };
}

function deps(): SendDeps & { request: ReturnType<typeof vi.fn>; upload: ReturnType<typeof vi.fn> } {
  return { request: vi.fn(), upload: vi.fn() } as never;
}

describe('sendEntry', () => {
  it('PUTs a queued squad status with its key', async () => {
    const d = deps();
    d.request.mockResolvedValue({ id: 4, status: 'on_break' });
    const status = entry({
      kind: 'status',
      caseId: null,
      method: 'PUT',
      path: '/api/squads/4/status',
      body: { status: 'on_break' },
    });
    expect(await sendEntry(status, d)).toEqual({ id: 4, status: 'on_break' });
    expect(d.request).toHaveBeenCalledWith('PUT', '/api/squads/4/status', {
      body: { status: 'on_break' },
      headers: { 'idempotency-key': status.key },
    });
  });

  it('files a patrol finding first, then uploads its photos to the new case with when and where', async () => {
    const d = deps();
    d.request.mockResolvedValue({ id: 42, caseNo: 'C-42' });
    d.upload.mockResolvedValueOnce(101).mockResolvedValueOnce(102);
    const finding = entry({
      kind: 'file',
      caseId: null,
      path: '/api/cases',
      body: { channel: 'patrol', description: '乱堆建材', photos: [photo('a'), photo('b')] },
    });
    expect(await sendEntry(finding, d)).toEqual({ id: 42, caseNo: 'C-42' });
    // The photos never travel in the filing itself.
    expect(d.request).toHaveBeenCalledWith('POST', '/api/cases', {
      body: { channel: 'patrol', description: '乱堆建材' },
      headers: { 'idempotency-key': finding.key },
    });
    expect(d.upload).toHaveBeenCalledTimes(2);
    const [caseId, , options] = d.upload.mock.calls[0]!;
    expect(caseId).toBe(42);
    expect(options).toEqual({ takenAt: new Date('2026-11-26T02:00:00.000Z'), position: photo('a').position });
  });

  it('lets an upload failure through after filing, so the outbox sends the whole finding again', async () => {
    const d = deps();
    d.request.mockResolvedValue({ id: 42 });
    d.upload.mockRejectedValue(new ApiRequestError(0, null, 'offline'));
    const finding = entry({ kind: 'file', caseId: null, path: '/api/cases', body: { photos: [photo('a')] } });
    await expect(sendEntry(finding, d)).rejects.toThrow('offline');
    expect(d.request).toHaveBeenCalledTimes(1);
  });

  it('POSTs a step on a case, its queued photos uploaded first and replaced by their ids', async () => {
    const d = deps();
    d.request.mockResolvedValue({ id: 7 });
    d.upload.mockResolvedValue(55);
    const dispose = entry({
      kind: 'dispose',
      path: '/api/cases/7/dispose',
      body: { note: '已清理', photos: [photo('a')] },
    });
    await sendEntry(dispose, d);
    expect(d.request).toHaveBeenCalledWith('POST', '/api/cases/7/dispose', {
      body: { note: '已清理', photoIds: [55] },
      headers: { 'idempotency-key': dispose.key },
    });
  });
});
