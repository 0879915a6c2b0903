import { publicStatusOf, type PublicCaseView, type PublicStatus } from '@civic/shared';
import type { PublicEventRow, TrackedCaseRow } from './repository.ts';

/**
 * The case as its complainant sees it. Built from an allow-list: the case's
 * own description, place and category, the public status and when it
 * changed, and the text of the bureau's replies. Who handled it, internal
 * reasons and notes, and anyone's phone stay out.
 */
export function toPublicView(row: TrackedCaseRow, events: readonly PublicEventRow[]): PublicCaseView {
  const history: { status: PublicStatus; at: string }[] = [];
  const replies: { at: string; content: string }[] = [];
  for (const event of events) {
    const at = event.created_at.toISOString();
    if (event.type === 'case:feedback') {
      if (event.reply) replies.push({ at, content: event.reply });
      continue;
    }
    if (!event.to_status) continue;
    const status = publicStatusOf(event.to_status);
    // Internal moves (dispatched, accepted, on scene …) are all 处理中 to the citizen.
    if (history[history.length - 1]?.status !== status) history.push({ status, at });
  }
  const submittedAt = row.created_at.toISOString();
  if (history.length === 0) history.push({ status: 'received', at: submittedAt });
  const latest = [history[history.length - 1]!.at, replies[replies.length - 1]?.at ?? submittedAt].sort().pop()!;
  return {
    caseNo: row.case_no,
    status: publicStatusOf(row.status),
    categoryName: row.category_name,
    categoryNameEn: row.category_name_en,
    description: row.description,
    address: row.address,
    location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    photoCount: row.photo_count,
    submittedAt,
    updatedAt: latest,
    history,
    replies,
  };
}
