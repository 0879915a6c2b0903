import { describe, expect, it } from 'vitest';
import { connectRedis } from './redis.ts';

describe('connectRedis', () => {
  it('fails with a one-line reason, password hidden, when Redis cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there.
    await expect(connectRedis('redis://:s3cret@127.0.0.1:1', 500)).rejects.toThrow(
      'cannot reach Redis at redis://:***@127.0.0.1:1 within 0.5 s',
    );
  });
});
