import { FEEDBACK_ACTIONS, FEEDBACK_STATUSES } from '../../workflow-engine/feedback-machine.js';
import { anyObject, arr, bool, instant, int, nullable, num, obj, oneOf, page, ref, type Schema, str } from '../../common/schema.js';

/** The feedback (PAKN) and Open311 routes' answers (OpenAPI response schemas), as feedback.service.ts builds them. */
const about = oneOf(['regulation', 'dossier_handling', 'other']);
const timelineEntry = obj({ seq: int(), action: str(), actor: str(), at: instant(), from: nullable(str()), to: nullable(str()), note: nullable(str()), payload: anyObject('dữ liệu của thao tác') });

const geoRequest = obj({
  service_request_id: str(), status: oneOf(['open', 'closed']), status_notes: str(), service_name: str(), service_code: str(),
  description: nullable(str('chỉ khi câu trả lời đã công khai')), agency_responsible: nullable(str()), service_notice: nullable(str()),
  requested_datetime: instant(), updated_datetime: instant(), expected_datetime: instant(), address: nullable(str()), address_id: nullable(str()),
  zipcode: nullable(str()), lat: nullable(num()), long: nullable(num()), media_url: nullable(str()),
});

export const FEEDBACK_SCHEMAS: Record<string, Schema> = {
  FeedbackCreated: obj({ id: str(), code: str('mã để theo dõi phản ánh'), agencyCode: str('xã/phường tiếp nhận'), status: oneOf(FEEDBACK_STATUSES), version: int(), receivedAt: instant(), dueAt: instant() }),
  FeedbackView: obj(
    {
      id: str(), code: str(), agencyCode: str(), channel: str(), sender: obj({ fullName: str(), phone: str(), email: str(), address: str() }, ['phone', 'email', 'address']),
      subject: str(), body: str(), about, dossierId: nullable(str()), status: oneOf(FEEDBACK_STATUSES), statusText: str(), allowedActions: arr(oneOf(FEEDBACK_ACTIONS)),
      version: int(), unitCode: nullable(str()), receivedAt: instant(), classifyDueAt: nullable(instant()), forwardDueAt: nullable(instant()), stepLate: bool(),
      dueAt: instant(), step: nullable(obj({ name: str('bước đang chờ'), dueAt: nullable(instant('hạn của bước')), late: bool() })), overdue: bool(), answer: nullable(str()), answeredAt: nullable(instant()), publishedAt: nullable(instant()), onTime: nullable(bool()),
      outOfScopeReason: nullable(str()), forwards: int(), rating: nullable(str()), timeline: arr(timelineEntry),
    },
    ['timeline'],
  ),
  FeedbackPage: page(ref('FeedbackView')),
  FeedbackAudit: obj({ feedbackId: str(), code: str(), valid: bool(), events: int(), brokenAt: nullable(int()), problem: nullable(str()), lastHash: nullable(str()) }),
  PublicFeedback: obj({
    code: str(), agency: obj({ code: str(), name: nullable(str()) }), subject: nullable(str('chỉ khi câu trả lời đã công khai')), senderName: str('họ tên đã che bớt'),
    status: oneOf(FEEDBACK_STATUSES), statusText: str(), receivedAt: instant(), dueAt: nullable(instant()), answer: nullable(str()), publishedAt: nullable(instant()),
    outOfScopeReason: nullable(str()), canRate: bool(),
  }),
  PublicFeedbackPage: page(ref('PublicFeedback')),
  FeedbackRatingResult: obj({ code: str(), level: str() }),
  Open311Discovery: anyObject('GeoReport v2 discovery: changeset, contact, key_service, endpoints'),
  Open311Services: arr(obj({ service_code: str(), service_name: str(), description: str(), keywords: str(), group: str(), metadata: bool(), type: str() })),
  Open311Requests: arr(geoRequest),
  Open311Created: arr(obj({ service_request_id: str(), service_notice: str(), account_id: nullable(str()) })),
  Open311Errors: arr(obj({ code: int(), description: str() }), 'GeoReport v2: danh sách lỗi'),
};
