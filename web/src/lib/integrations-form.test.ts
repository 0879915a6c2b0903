import { describe, expect, test } from 'vitest';
import type { HotlineSourceDto } from '@civic/shared';
import {
  createKeyBody,
  createSourceBody,
  emptyKeyDraft,
  emptySourceDraft,
  hotlineWebhookPath,
  sourceEdit,
  updateSourceBody,
} from './integrations-form.ts';

const draft = (extra: Partial<ReturnType<typeof emptySourceDraft>>) => ({
  ...emptySourceDraft(),
  code: 'city-12345',
  name: '市 12345 平台',
  ...extra,
});

describe('createSourceBody', () => {
  test('a generated secret is asked for by leaving it out; blanks are trimmed, an empty callback URL omitted', () => {
    expect(createSourceBody(draft({ code: ' city-12345 ', name: ' 市平台 ', secret: 'ignored-unless-own' }))).toEqual({
      ok: true,
      body: { code: 'city-12345', name: '市平台' },
    });
  });

  test('an own secret and a callback URL are sent as given', () => {
    const secret = ' sixteen chars + ';
    expect(createSourceBody(draft({ callbackUrl: 'https://12345.example.cn/reply', ownSecret: true, secret }))).toEqual(
      {
        ok: true,
        body: { code: 'city-12345', name: '市 12345 平台', callbackUrl: 'https://12345.example.cn/reply', secret },
      },
    );
  });

  test.each([
    ['Upper', 'integrations.error.code'],
    ['a', 'integrations.error.code'],
    ['-lead', 'integrations.error.code'],
    ['has space', 'integrations.error.code'],
    ['x'.repeat(33), 'integrations.error.code'],
  ])('code %j is refused', (code, error) => {
    expect(createSourceBody(draft({ code }))).toEqual({ ok: false, error });
  });

  test('refuses an empty or overlong name, a non-web callback URL and a short or long own secret', () => {
    expect(createSourceBody(draft({ name: '   ' }))).toEqual({ ok: false, error: 'integrations.error.name' });
    expect(createSourceBody(draft({ name: '名'.repeat(101) }))).toEqual({
      ok: false,
      error: 'integrations.error.name',
    });
    for (const callbackUrl of ['ftp://x.cn/a', 'example.cn/reply', 'https://', `https://x.cn/${'a'.repeat(2000)}`]) {
      expect(createSourceBody(draft({ callbackUrl }))).toEqual({ ok: false, error: 'integrations.error.callbackUrl' });
    }
    expect(createSourceBody(draft({ ownSecret: true, secret: 'x'.repeat(15) }))).toEqual({
      ok: false,
      error: 'integrations.error.secret',
    });
    expect(createSourceBody(draft({ ownSecret: true, secret: 'x'.repeat(257) }))).toEqual({
      ok: false,
      error: 'integrations.error.secret',
    });
    expect(createSourceBody(draft({ ownSecret: true, secret: 'x'.repeat(16) })).ok).toBe(true);
  });
});

describe('updateSourceBody', () => {
  const source: HotlineSourceDto = {
    id: 3,
    code: 'city',
    name: '市平台',
    callbackUrl: 'http://10.0.0.5/reply',
    active: true,
    createdAt: '2026-05-01T00:00:00.000Z',
    updatedAt: '2026-05-01T00:00:00.000Z',
  };

  test('starts from the source and sends name and callback URL; emptied, the callback URL is removed', () => {
    const edit = sourceEdit(source);
    expect(updateSourceBody(edit)).toEqual({
      ok: true,
      body: { name: '市平台', callbackUrl: 'http://10.0.0.5/reply' },
    });
    expect(updateSourceBody({ name: '新名称', callbackUrl: ' ' })).toEqual({
      ok: true,
      body: { name: '新名称', callbackUrl: null },
    });
    expect(sourceEdit({ ...source, callbackUrl: null }).callbackUrl).toBe('');
  });

  test('refuses an empty name and a bad callback URL', () => {
    expect(updateSourceBody({ name: '', callbackUrl: '' })).toEqual({ ok: false, error: 'integrations.error.name' });
    expect(updateSourceBody({ name: 'a', callbackUrl: 'mailto:a@b.cn' })).toEqual({
      ok: false,
      error: 'integrations.error.callbackUrl',
    });
  });
});

describe('createKeyBody', () => {
  test('an empty rate limit leaves the server’s default', () => {
    expect(createKeyBody({ ...emptyKeyDraft(), name: ' 合作平台 ' })).toEqual({ ok: true, body: { name: '合作平台' } });
    expect(createKeyBody({ name: '合作平台', rateLimit: ' 120 ' })).toEqual({
      ok: true,
      body: { name: '合作平台', rateLimitPerMinute: 120 },
    });
  });

  test.each(['0', '-1', '1.5', '1e3', '10001', 'abc'])('rate limit %j is refused', (rateLimit) => {
    expect(createKeyBody({ name: '合作平台', rateLimit })).toEqual({
      ok: false,
      error: 'integrations.error.rateLimit',
    });
  });

  test('refuses an empty name', () => {
    expect(createKeyBody({ name: '  ', rateLimit: '' })).toEqual({ ok: false, error: 'integrations.error.keyName' });
  });
});

test('the webhook path carries the platform’s code', () => {
  expect(hotlineWebhookPath('city-12345')).toBe('/api/hotline/city-12345/tickets');
});
