/**
 * The admin page's integration forms (hotline platforms, Open311 keys): what
 * the inputs hold and the request bodies they make, or the first field that is
 * wrong, checked as the server's schema checks it (shared/src/hotline.ts,
 * shared/src/open311-keys.ts) so that the admin reads it beside the form
 * instead of as a 400.
 */
import {
  OPEN311_MAX_RATE_LIMIT_PER_MINUTE,
  type CreateHotlineSourceBody,
  type CreateOpen311KeyBody,
  type HotlineSourceDto,
  type UpdateHotlineSourceBody,
} from '@civic/shared';
import type { MessageKey } from './i18n.ts';

export type FormResult<T> = { ok: true; body: T } | { ok: false; error: MessageKey };

/** The webhook path a platform posts to; its code is the path segment. */
export const hotlineWebhookPath = (code: string) => `/api/hotline/${code}/tickets`;

const CODE = /^[a-z0-9][a-z0-9_-]{1,31}$/;
const NAME_MAX = 100;
const URL_MAX = 2000;
const SECRET_MIN = 16;
const SECRET_MAX = 256;

export interface SourceDraft {
  code: string;
  name: string;
  callbackUrl: string;
  /** Whether the admin sets the secret; otherwise the server generates one and shows it once. */
  ownSecret: boolean;
  secret: string;
}

export const emptySourceDraft = (): SourceDraft => ({
  code: '',
  name: '',
  callbackUrl: '',
  ownSecret: false,
  secret: '',
});

export function createSourceBody(draft: SourceDraft): FormResult<CreateHotlineSourceBody> {
  const code = draft.code.trim();
  if (!CODE.test(code)) return { ok: false, error: 'integrations.error.code' };
  const name = draft.name.trim();
  if (!name || name.length > NAME_MAX) return { ok: false, error: 'integrations.error.name' };
  const callbackUrl = draft.callbackUrl.trim();
  if (callbackUrl && !validUrl(callbackUrl)) return { ok: false, error: 'integrations.error.callbackUrl' };
  // A secret is taken as typed: spaces may be part of it.
  if (draft.ownSecret && (draft.secret.length < SECRET_MIN || draft.secret.length > SECRET_MAX)) {
    return { ok: false, error: 'integrations.error.secret' };
  }
  return {
    ok: true,
    body: {
      code,
      name,
      ...(callbackUrl ? { callbackUrl } : {}),
      ...(draft.ownSecret ? { secret: draft.secret } : {}),
    },
  };
}

export interface SourceEdit {
  name: string;
  callbackUrl: string;
}

export const sourceEdit = (source: HotlineSourceDto): SourceEdit => ({
  name: source.name,
  callbackUrl: source.callbackUrl ?? '',
});

/** Name and callback URL; an emptied callback URL removes it (replies then wait as failed). */
export function updateSourceBody(edit: SourceEdit): FormResult<UpdateHotlineSourceBody> {
  const name = edit.name.trim();
  if (!name || name.length > NAME_MAX) return { ok: false, error: 'integrations.error.name' };
  const callbackUrl = edit.callbackUrl.trim();
  if (callbackUrl && !validUrl(callbackUrl)) return { ok: false, error: 'integrations.error.callbackUrl' };
  return { ok: true, body: { name, callbackUrl: callbackUrl || null } };
}

export interface KeyDraft {
  name: string;
  /** As the input gives it: empty for the server's default. */
  rateLimit: string;
}

export const emptyKeyDraft = (): KeyDraft => ({ name: '', rateLimit: '' });

export function createKeyBody(draft: KeyDraft): FormResult<CreateOpen311KeyBody> {
  const name = draft.name.trim();
  if (!name || name.length > NAME_MAX) return { ok: false, error: 'integrations.error.keyName' };
  const rate = draft.rateLimit.trim();
  if (!rate) return { ok: true, body: { name } };
  const perMinute = Number(rate);
  if (!/^\d+$/.test(rate) || perMinute < 1 || perMinute > OPEN311_MAX_RATE_LIMIT_PER_MINUTE) {
    return { ok: false, error: 'integrations.error.rateLimit' };
  }
  return { ok: true, body: { name, rateLimitPerMinute: perMinute } };
}

function validUrl(text: string): boolean {
  if (text.length > URL_MAX || !/^https?:\/\//.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
