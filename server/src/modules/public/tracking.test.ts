import { describe, expect, it } from 'vitest';
import type { PublicEventRow, TrackedCaseRow } from './repository.ts';
import { toPublicView } from './tracking.ts';

const row: TrackedCaseRow = {
  id: 1,
  case_no: 'HJ20260301000001',
  status: 'dispatched',
  category_name: '占道经营',
  category_name_en: 'Trading on the road',
  description: '占道',
  address: null,
  lng: null,
  lat: null,
  photo_count: 0,
  created_at: new Date('2026-03-01T01:00:00Z'),
};

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 1, minute));
const event = (
  minute: number,
  type: PublicEventRow['type'],
  from: PublicEventRow['from_status'],
  to: PublicEventRow['to_status'],
  reply: string | null = null,
): PublicEventRow => ({ type, from_status: from, to_status: to, created_at: at(minute), reply });

describe('toPublicView', () => {
  it('folds the internal moves into 处理中 and shows rework and reopening as 处理中 again', () => {
    const view = toPublicView(row, [
      event(0, 'case:created', null, 'received'),
      event(1, 'case:registered', 'received', 'registered'),
      event(2, 'case:assigned', 'registered', 'dispatched'),
      event(3, 'case:returned', 'dispatched', 'returned'),
      event(4, 'case:assigned', 'returned', 'dispatched'),
      event(5, 'case:disposed', 'on_scene', 'disposed'),
      event(6, 'case:feedback', 'disposed', 'disposed', '已处理'),
      event(7, 'case:reworked', 'disposed', 'dispatched'),
    ]);
    expect(view.status).toBe('in_progress');
    expect(view.history).toEqual([
      { status: 'received', at: at(0).toISOString() },
      { status: 'in_progress', at: at(1).toISOString() },
      { status: 'disposed', at: at(5).toISOString() },
      { status: 'in_progress', at: at(7).toISOString() },
    ]);
    expect(view.replies).toEqual([{ at: at(6).toISOString(), content: '已处理' }]);
    expect(view.updatedAt).toBe(at(7).toISOString());
    expect(view.location).toBeNull();
  });
});
