import type { LngLat } from '@civic/shared';
import type { Queryable } from '../../db/pool.ts';
import { normalisePhone } from './registry.ts';

/**
 * When an import row is a merchant the registry already has
 * (docs/merchants.md#import-and-export): the same name and
 *   - the same address, or
 *   - the same phone number, or
 *   - when the row gives neither address nor phone, a point within
 *     DUPLICATE_RADIUS_M of it (a street vendor known only by name and place).
 * Names and addresses are compared ignoring spaces, full-/half-width forms
 * and the case of Latin letters; phones by their digits. Registered
 * merchants count whether active or not, and so do earlier rows of the same
 * file, so importing a file twice adds nothing the second time.
 */

export const DUPLICATE_RADIUS_M = 20;

/** Only ASCII letters are folded, exactly as `lower(… COLLATE "C")` does in SQL. */
export function textKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const SQL_TEXT_KEY = (column: string) =>
  `lower(regexp_replace(normalize(${column}, NFKC), '\\s+', '', 'g') COLLATE "C")`;

export interface DuplicateCandidate {
  name: string;
  address: string | null;
  phone: string | null;
  /** WGS-84. */
  point: LngLat;
}

/** Who a row duplicates: a registered merchant, and the file row it came from when this import added it. */
export interface DuplicateMatch {
  merchantId: number;
  fileRow: number | undefined;
  by: 'address' | 'phone' | 'place';
}

interface Known {
  merchantId: number;
  fileRow: number | undefined;
  address: string | null;
  phone: string | null;
  point: LngLat;
}

/**
 * The registered merchants that share a name with some row of a batch,
 * loaded once per batch (inside the batch's transaction) and extended with
 * each row the batch registers.
 */
export class DuplicateIndex {
  private readonly byName = new Map<string, Known[]>();

  private constructor(private readonly rowOfMerchant: ReadonlyMap<number, number>) {}

  /** `rowOfMerchant`: merchants this import already registered, by id, with their file row. */
  static async load(
    db: Queryable,
    names: readonly string[],
    rowOfMerchant: ReadonlyMap<number, number>,
  ): Promise<DuplicateIndex> {
    const index = new DuplicateIndex(rowOfMerchant);
    const keys = [...new Set(names.map(textKey))];
    if (keys.length === 0) return index;
    const { rows } = await db.query<{
      id: number;
      name: string;
      address: string | null;
      operator_phone: string | null;
      lng: number;
      lat: number;
    }>(
      `SELECT id, name, address, operator_phone, ST_X(location) AS lng, ST_Y(location) AS lat
         FROM merchants
        WHERE ${SQL_TEXT_KEY('name')} = ANY($1::text[])`,
      [keys],
    );
    for (const row of rows) {
      index.remember(row.id, {
        name: row.name,
        address: row.address,
        phone: row.operator_phone,
        point: { lng: row.lng, lat: row.lat },
      });
    }
    return index;
  }

  find(candidate: DuplicateCandidate): DuplicateMatch | undefined {
    const known = this.byName.get(textKey(candidate.name)) ?? [];
    const address = candidate.address ? textKey(candidate.address) : null;
    const phone = candidate.phone ? normalisePhone(candidate.phone) : null;
    const match = (entry: Known, by: DuplicateMatch['by']): DuplicateMatch => ({
      merchantId: entry.merchantId,
      fileRow: entry.fileRow,
      by,
    });
    if (address) {
      const same = known.find((entry) => entry.address === address);
      if (same) return match(same, 'address');
    }
    if (phone) {
      const same = known.find((entry) => entry.phone === phone);
      if (same) return match(same, 'phone');
    }
    if (!address && !phone) {
      const near = known.find((entry) => metresBetween(entry.point, candidate.point) <= DUPLICATE_RADIUS_M);
      if (near) return match(near, 'place');
    }
    return undefined;
  }

  /** `fileRow`: the row of the file being imported that registered it, if any. */
  remember(merchantId: number, entry: DuplicateCandidate, fileRow = this.rowOfMerchant.get(merchantId)): void {
    const key = textKey(entry.name);
    const list = this.byName.get(key) ?? [];
    list.push({
      merchantId,
      fileRow,
      address: entry.address ? textKey(entry.address) : null,
      phone: entry.phone ? normalisePhone(entry.phone) : null,
      point: entry.point,
    });
    this.byName.set(key, list);
  }
}

/** Haversine on a sphere of the Earth's mean radius: ample for "within 20 m". */
export function metresBetween(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}
