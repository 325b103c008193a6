import type { StoredEvent } from '../../common/event-chain.js';
import { type FeedbackMachine, type FeedbackStatus, feedbackAllowed, restoreFeedback } from '../../workflow-engine/feedback-machine.js';
import { formatVn } from '../../common/vn-time.js';
import { maskName, timelineEntry } from '../dossier/dossier-view.js';
import type { NotificationMessage } from '../notification/outbox.js';
import { jsonColumn } from '../../database/json-column.js';

/** How a feedback item reads: to staff (with its step, deadlines and timeline) and to anyone (never the sender's data). */

export const FEEDBACK_STATUS_TEXT: Record<FeedbackStatus, string> = {
  received: 'Đã tiếp nhận',
  classified: 'Đã phân loại',
  forwarded: 'Đã chuyển đơn vị xử lý',
  answered: 'Đã có trả lời',
  published: 'Đã công khai kết quả',
  out_of_scope: 'Không thuộc phạm vi xử lý',
};

export type FeedbackRow = Record<string, unknown> & {
  id: string;
  code: string;
  agency_code: string;
  version: number;
  event_count: number;
  last_hash: string;
  status: FeedbackStatus;
};

export const iso = (v: unknown): string | null => (v ? formatVn(new Date(v as string)) : null);

/** The staff's view of an item; `events` (its audit log) makes the timeline. */
export function feedbackView(machine: FeedbackMachine, r: FeedbackRow, now: number, events?: StoredEvent[]) {
  const snap = restoreFeedback(machine, jsonColumn(r.state));
  const open = r.status !== 'published' && r.status !== 'out_of_scope';
  return {
    id: r.id,
    code: r.code,
    agencyCode: r.agency_code,
    channel: r.channel,
    sender: jsonColumn(r.sender),
    subject: r.subject,
    body: r.body,
    about: r.about,
    // Where the problem is (Open311 requests): for staff to handle it, never the sender's own address.
    location:
      r.address || (r.lat ?? null) !== null
        ? { address: (r.address as string | null) ?? null, lat: (r.lat as number | null) ?? null, long: (r.long as number | null) ?? null }
        : null,
    dossierId: r.dossier_id ?? null,
    status: r.status,
    statusText: FEEDBACK_STATUS_TEXT[r.status],
    allowedActions: feedbackAllowed(snap),
    version: r.version,
    unitCode: r.unit_code ?? null,
    receivedAt: iso(r.received_at),
    classifyDueAt: iso(r.classify_due_at),
    forwardDueAt: iso(jsonColumn<{ forwardDueAt?: number }>(r.state).forwardDueAt ?? null),
    // The step the item waits in has passed its own limit (classification, or forwarding after it).
    stepLate:
      (r.status === 'received' && now > new Date(r.classify_due_at as string).getTime()) ||
      (r.status === 'classified' && now > (jsonColumn<{ forwardDueAt?: number }>(r.state).forwardDueAt ?? Infinity)),
    dueAt: iso(r.due_at),
    // The step the item waits in and its own limit: classification, forwarding, then the answer and its publication.
    step: open ? stepOf(r, now) : null,
    overdue: open && now > new Date(r.due_at as string).getTime(),
    answer: r.answer ?? null,
    answeredAt: iso(r.answered_at),
    publishedAt: iso(r.published_at),
    onTime: r.on_time ?? null,
    outOfScopeReason: r.out_of_scope_reason ?? null,
    forwards: snap.context.forwards,
    rating: r.rating ?? null,
    timeline: events?.map(timelineEntry),
  };
}

/** The step the item waits in and its own limit. */
function stepOf(r: FeedbackRow, now: number): { name: string; dueAt: string | null; late: boolean } {
  const forwardDueAt = jsonColumn<{ forwardDueAt?: number }>(r.state).forwardDueAt ?? null;
  const [name, due] =
    r.status === 'received'
      ? ['Phân loại', new Date(r.classify_due_at as string).getTime()]
      : r.status === 'classified'
        ? ['Chuyển đơn vị xử lý', forwardDueAt]
        : r.status === 'answered'
          ? ['Công khai kết quả', new Date(r.due_at as string).getTime()]
          : ['Trả lời', new Date(r.due_at as string).getTime()];
  return { name, dueAt: iso(due), late: due !== null && now > due };
}

/** What anyone may see of an item: its status and, once published, the answer; never the sender's data. */
export function publicFeedbackView(r: FeedbackRow, agencyName: string | null) {
  const published = r.status === 'published';
  return {
    code: r.code,
    agency: { code: r.agency_code, name: agencyName },
    subject: published ? r.subject : null,
    senderName: maskName(jsonColumn<{ fullName: string }>(r.sender).fullName),
    status: r.status,
    statusText: FEEDBACK_STATUS_TEXT[r.status],
    receivedAt: iso(r.received_at),
    dueAt: iso(r.due_at),
    answer: published ? r.answer : null,
    publishedAt: iso(r.published_at),
    outOfScopeReason: r.status === 'out_of_scope' ? r.out_of_scope_reason : null,
    canRate: published && !r.rating,
  };
}

/** A message to a unit's staff (its outbox row). */
export function staffMessage(agencyCode: string, kind: string, subject: string, body: string): NotificationMessage {
  return { kind, dossierId: null, agencyCode, audience: 'staff', recipient: null, subject, body };
}
