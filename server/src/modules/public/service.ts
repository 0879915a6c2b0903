import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type {
  CreateCaseBody,
  LngLat,
  PublicCaseView,
  PublicCategory,
  PublicChallenge,
  PublicLocatedBy,
  PublicReportBody,
  PublicReportResult,
} from '@civic/shared';
import { withTransaction, type Pool } from '../../db/pool.ts';
import { badRequest, conflict, notFound, unprocessable } from '../../http/errors.ts';
import type { CaseService } from '../cases/service.ts';
import { ProofOfWork } from './challenge.ts';
import { checkPhotos, type CheckedPhoto } from './photos.ts';
import { addressKey, RateLimiter, type CounterStore } from './rate-limit.ts';
import {
  findByTokenHash,
  inDistrict,
  isPublicCategory,
  loadOrCreateKey,
  mergedTarget,
  publicCategories,
  publicEvents,
  reportInfo,
  saveReport,
  spendChallenge,
} from './repository.ts';
import type { PublicReportSettings } from './settings.ts';
import { toPublicView } from './tracking.ts';

/** How the case's created event names the channel (its `origin`). */
const ORIGIN = '网上举报';

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** The digits that identify a phone, whatever the citizen typed: +86 138-0013-8000 → 13800138000. */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('861') ? digits.slice(2) : digits;
}

/**
 * The citizen web form and tracking page. A filing passes, in order: the
 * honeypot, the proof of work, the photos (type, size, EXIF GPS), a place
 * (pin, photo or address), the category, the per-address and per-phone
 * limits, then the challenge is spent and the case filed through the same
 * intake as every other outside channel.
 */
export class PublicReportService {
  private key: Promise<Buffer> | undefined;
  private readonly pow: ProofOfWork;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly pool: Pool,
    private readonly cases: CaseService,
    readonly settings: PublicReportSettings,
    counters: CounterStore,
  ) {
    this.pow = new ProofOfWork(() => this.formKey(), settings.powDifficulty, settings.challengeTtlSeconds * 1000);
    this.limiter = new RateLimiter(counters, settings.keyPrefix, async (subject) =>
      createHmac('sha256', await this.formKey())
        .update(subject)
        .digest('base64url')
        .slice(0, 32),
    );
  }

  categories(): Promise<PublicCategory[]> {
    return publicCategories(this.pool);
  }

  async challenge(): Promise<PublicChallenge> {
    const issued = await this.pow.issue();
    return { ...issued, expiresAt: issued.expiresAt.toISOString() };
  }

  /** Before a form's body is read: every attempt from the address counts. */
  limitAttempt(reply: FastifyReply, ip: string): Promise<void> {
    return this.limiter.hit(
      reply,
      'attempts-ip',
      addressKey(ip),
      this.settings.limits.attemptsPerIp,
      (wait) => `Too many attempts from your network; try again in ${wait}`,
    );
  }

  /** Challenges and tracking look-ups. */
  limitLookup(reply: FastifyReply, ip: string): Promise<void> {
    return this.limiter.hit(
      reply,
      'lookups-ip',
      addressKey(ip),
      this.settings.limits.lookupsPerIp,
      (wait) => `Too many requests from your network; try again in ${wait}`,
    );
  }

  async file(body: PublicReportBody, ip: string, reply: FastifyReply): Promise<PublicReportResult> {
    if (body.website) throw unprocessable('body.website', 'Leave this field empty');
    const description = body.description.trim();
    if (description.length < 2) throw badRequest('body.description', 'Describe the problem');
    const address = body.address?.trim() || undefined;
    const name = body.name?.trim() || undefined;

    const solved = await this.pow.verify(body.challenge, body.nonce);
    const photos = await checkPhotos(body.photos ?? []);
    const { location, locatedBy } = await this.place(body.location, photos, address);
    if (!(await isPublicCategory(this.pool, body.categoryCode))) {
      throw unprocessable('body.categoryCode', `No category ${body.categoryCode} can be reported`);
    }

    const { filingsPerIp, filingsPerPhone } = this.settings.limits;
    await this.limiter.hit(
      reply,
      'filings-ip',
      addressKey(ip),
      filingsPerIp,
      (wait) => `Too many reports from your network; try again in ${wait}`,
    );
    if (body.phone) {
      await this.limiter.hit(
        reply,
        'filings-phone',
        phoneKey(body.phone),
        filingsPerPhone,
        (wait) => `Too many reports with this phone number; try again in ${wait}`,
      );
    }
    if (!(await spendChallenge(this.pool, solved.id, solved.expiresAt))) {
      throw conflict('challenge_used', 'This challenge has already been used; ask for a new one');
    }

    const input: CreateCaseBody = {
      channel: 'web',
      description,
      categoryCode: body.categoryCode,
      ...(location ? { location } : {}),
      ...(address ? { address } : {}),
      ...(name ? { complainantName: name } : {}),
      ...(body.phone ? { complainantPhone: body.phone } : {}),
    };
    const origin = locatedBy === 'photo' ? `${ORIGIN}（位置取自照片）` : ORIGIN;
    const token = randomBytes(16).toString('base64url');
    // The case, its tracking token and its photos commit together: no case without its link.
    const filed = await withTransaction(this.pool, async (db) => {
      const intake = await this.cases.intake(input, origin, db);
      const placedBy: PublicLocatedBy | null = locatedBy ?? (intake.row.lng === null ? null : 'address');
      await saveReport(db, { caseId: intake.row.id, tokenHash: hashToken(token), locatedBy: placedBy, photos });
      return { ...intake, placedBy };
    });
    this.cases.publishIntake(filed, origin);
    const { row, placedBy } = filed;
    return {
      caseNo: row.case_no,
      trackingToken: token,
      trackingPath: `/track/${token}`,
      locatedBy: placedBy,
      location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
      photoCount: new Set(photos.map((p) => p.sha256)).size,
      submittedAt: row.created_at.toISOString(),
    };
  }

  async track(token: string): Promise<PublicCaseView> {
    const row = await findByTokenHash(this.pool, hashToken(token));
    if (!row) throw notFound('Report');
    const events = await publicEvents(this.pool, row.id);
    // A duplicate merged into another case shares its resolution: from the
    // merge on, the citizen follows that case's status and replies.
    const target = row.status === 'merged' ? await mergedTarget(this.pool, row.id) : undefined;
    if (!target) return toPublicView(row, events);
    const after = (await publicEvents(this.pool, target.id)).filter(
      (e) => e.type !== 'case:created' && e.created_at >= target.merged_at,
    );
    return toPublicView({ ...row, status: target.status }, [...events, ...after]);
  }

  async staffInfo(caseId: number) {
    const info = await reportInfo(this.pool, caseId);
    if (!info) throw notFound('Web report for this case');
    return { locatedBy: info.located_by, photoIds: info.photo_ids, filedAt: info.created_at.toISOString() };
  }

  /**
   * The pin wins; without one, the first photo that carries a GPS position
   * inside the district; without that, the typed address (placed by intake).
   */
  private async place(
    pin: LngLat | undefined,
    photos: readonly CheckedPhoto[],
    address: string | undefined,
  ): Promise<{ location: LngLat | undefined; locatedBy: PublicLocatedBy | undefined }> {
    if (pin) {
      if (!(await inDistrict(this.pool, pin))) {
        throw unprocessable('body.location', 'The pin is outside the district; drop it where the problem is');
      }
      return { location: pin, locatedBy: 'pin' };
    }
    for (const photo of photos) {
      if (photo.gps && (await inDistrict(this.pool, photo.gps))) return { location: photo.gps, locatedBy: 'photo' };
    }
    if (address) return { location: undefined, locatedBy: undefined };
    const tried = photos.some((p) => p.gps)
      ? 'The photos were taken outside the district; drop a pin on the map or type an address'
      : 'Drop a pin on the map, type an address, or attach a photo that carries its location';
    throw badRequest('body.location', tried);
  }

  private formKey(): Promise<Buffer> {
    this.key ??= loadOrCreateKey(this.pool).catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }
}
