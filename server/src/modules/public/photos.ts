import { createHash } from 'node:crypto';
import exifr from 'exifr';
import { PUBLIC_MAX_PHOTO_BYTES, type LngLat } from '@civic/shared';
import { HttpError } from '../../http/errors.ts';
import { photoType } from '../cases/photos.ts';

export interface CheckedPhoto {
  bytes: Buffer;
  contentType: string;
  sha256: string;
  /** Where the camera says it was taken (EXIF GPS), when it says so plausibly. */
  gps: LngLat | null;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes a citizen's photos and checks each by its bytes: the type by its
 * signature, never by what the browser claims, and the size once decoded.
 * Errors name the photo (`body.photos.1`).
 */
export async function checkPhotos(encoded: readonly string[]): Promise<CheckedPhoto[]> {
  const checked: CheckedPhoto[] = [];
  for (const [index, text] of encoded.entries()) {
    const field = `body.photos.${index}`;
    if (text.length % 4 !== 0 || !BASE64.test(text)) {
      throw new HttpError(400, `Photo ${index + 1} is not base64 text`, { field, code: 'invalid' });
    }
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length > PUBLIC_MAX_PHOTO_BYTES) {
      throw new HttpError(413, `Photo ${index + 1} is larger than ${PUBLIC_MAX_PHOTO_BYTES / 1024 / 1024} MB`, {
        field,
        code: 'photo_too_large',
      });
    }
    const contentType = photoType(bytes);
    if (!contentType) {
      throw new HttpError(415, `Photo ${index + 1} is not a JPEG, PNG or WebP image`, {
        field,
        code: 'photo_type',
      });
    }
    checked.push({
      bytes,
      contentType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      gps: await readGps(bytes),
    });
  }
  return checked;
}

/** EXIF GPS as WGS-84 (what cameras record), or null: no block, a broken one, or the 0,0 of an unset receiver. */
export async function readGps(bytes: Buffer): Promise<LngLat | null> {
  let gps: { latitude?: number; longitude?: number } | undefined;
  try {
    gps = await exifr.gps(bytes);
  } catch {
    return null;
  }
  const lat = gps?.latitude;
  const lng = gps?.longitude;
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  return { lng, lat };
}
