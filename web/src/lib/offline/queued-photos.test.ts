import { describe, expect, it, vi } from 'vitest';
import { bodyToSend, type QueuedPhoto } from './queued-photos.ts';

const photo = (text: string): QueuedPhoto => ({
  blob: new Blob([text], { type: 'image/jpeg' }),
  takenAt: '2026-11-26T02:00:00.000Z',
});

describe('bodyToSend', () => {
  it('uploads a queued disposal’s photos as they are, in order, and sends their ids instead', async () => {
    const upload = vi.fn().mockResolvedValueOnce(11).mockResolvedValueOnce(12);
    const body = await bodyToSend(7, { note: '已清理', photos: [photo('a'), photo('b')] }, upload);
    expect(body).toEqual({ note: '已清理', photoIds: [11, 12] });
    expect(upload).toHaveBeenCalledTimes(2);
    const [caseId, blob, options, deps] = upload.mock.calls[0]!;
    expect(caseId).toBe(7);
    expect(await (blob as Blob).text()).toBe('a');
    expect((options as { takenAt: Date }).takenAt.toISOString()).toBe('2026-11-26T02:00:00.000Z');
    // Shrunk when queued: not shrunk again.
    const same = new Blob(['x']);
    expect(await (deps as { prepare: (b: Blob) => Promise<Blob> }).prepare(same)).toBe(same);
  });

  it('leaves every other body alone', async () => {
    const upload = vi.fn();
    expect(await bodyToSend(7, { note: 'x' }, upload)).toEqual({ note: 'x' });
    expect(await bodyToSend(7, {}, upload)).toEqual({});
    expect(await bodyToSend(null, { description: 'x' }, upload)).toEqual({ description: 'x' });
    expect(upload).not.toHaveBeenCalled();
  });

  it('lets a network failure through, so the outbox retries the whole step', async () => {
    const upload = vi.fn().mockRejectedValue(new Error('offline'));
    await expect(bodyToSend(7, { note: 'x', photos: [photo('a')] }, upload)).rejects.toThrow('offline');
  });
});

describe('queued photos of a step with none chosen', () => {
  it('sends the step without an empty photo list', async () => {
    const upload = vi.fn();
    expect(await bodyToSend(7, { note: 'x', photos: [] }, upload)).toEqual({ note: 'x' });
    expect(upload).not.toHaveBeenCalled();
  });
});
