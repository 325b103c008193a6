import type { AgencyDirectory } from '../agency/agency-directory.js';
import { formatVn } from '../calendar/vn-time.js';
import type { NotificationMessage } from '../notification/outbox.js';
import type { DossierRow } from './dossier-row.js';

const when = (ms: number): string => formatVn(ms).slice(0, 16).replace('T', ' ');

/** What the applicant and staff are told about a change (Vietnamese; delivered through the outbox). */
export function messagesFor(row: DossierRow, action: string, agencies: AgencyDirectory): NotificationMessage[] {
  const s = row.state;
  const applicant = (subject: string, body: string): NotificationMessage => ({
    kind: action,
    dossierId: row.id,
    agencyCode: row.agencyCode,
    audience: 'applicant',
    recipient: row.applicant.email ?? null,
    subject: `[${row.code}] ${subject}`,
    body: `Kính gửi ${row.applicant.fullName},\n${body}\nTra cứu hồ sơ bằng mã ${row.code}.`,
  });
  const staff = (unitCode: string, subject: string, body: string, kind = action): NotificationMessage => ({
    kind,
    dossierId: row.id,
    agencyCode: unitCode,
    audience: 'staff',
    recipient: null,
    subject: `[${row.code}] ${subject}`,
    body,
  });
  const step = s.steps[s.machine.context.stepIndex];
  switch (action) {
    case 'receive':
      return [applicant('Đã tiếp nhận hồ sơ', `Hồ sơ đã được tiếp nhận lúc ${when(s.receivedAt)}; hẹn trả kết quả ${when(s.dueAt)}.`)];
    case 'complete_step':
      if (s.status === 'result_ready') return [applicant('Mời nhận kết quả', 'Kết quả đã sẵn sàng tại Trung tâm Phục vụ hành chính công.')];
      return step && s.finishedAt === null && s.resolvedAt === null
        ? [staff(step.ownerCode, 'Hồ sơ chuyển đến đơn vị', `Bước "${step.name}" cần hoàn thành trước ${when(step.dueAt ?? s.dueAt)}.`)]
        : [];
    case 'request_supplement': {
      const items = s.waits[s.waits.length - 1]?.items ?? [];
      return [applicant('Yêu cầu bổ sung hồ sơ', `Đề nghị bổ sung: ${items.join('; ')}.`)];
    }
    case 'request_payment':
      return [
        applicant('Đề nghị thực hiện nghĩa vụ tài chính', `Số tiền phải nộp: ${(s.waits[s.waits.length - 1]?.amount ?? 0).toLocaleString('vi-VN')} đồng.`),
      ];
    case 'approve':
      return s.outcome === 'denied'
        ? [applicant('Từ chối giải quyết hồ sơ', `Hồ sơ không được giải quyết. Lý do: ${s.reason ?? ''}.`)]
        : [applicant('Hồ sơ đã có kết quả', 'Hồ sơ đã được phê duyệt; Trung tâm sẽ trả kết quả theo lịch hẹn.')];
    case 'issue_apology': {
      const a = s.apologies[s.apologies.length - 1];
      return [applicant('Thư xin lỗi và hẹn lại ngày trả kết quả', `Do ${a.reason}, hồ sơ chưa giải quyết đúng hẹn. Ngày hẹn mới: ${when(a.newDueAt)}.`)];
    }
    case 'withdraw':
      return [applicant('Đã rút hồ sơ', 'Hồ sơ đã được rút theo đề nghị của ông/bà.')];
    case 'stop':
      return [applicant('Thông báo dừng giải quyết hồ sơ', `Lý do: ${s.reason ?? ''}.`)];
    case 'deadline_passed':
      return [
        staff(
          step?.ownerCode ?? row.agencyCode,
          'Hồ sơ đã quá hạn',
          `Hồ sơ quá hạn từ ${when(s.originalDueAt)}; đơn vị đang giữ: ${agencies.get(step?.ownerCode ?? '')?.name ?? row.agencyCode}.`,
        ),
      ];
    case 'warning': {
      const apology =
        s.apologies.length === 0 && s.apologyDueBy !== null ? ` Nếu không kịp, phải gửi văn bản xin lỗi (mẫu 04) trước ${when(s.apologyDueBy)}.` : '';
      return [
        staff(
          step?.ownerCode ?? row.agencyCode,
          'Hồ sơ sắp đến hạn',
          `Hạn giải quyết ${when(s.dueAt)}; bước "${step?.name ?? ''}" hạn ${when(step?.dueAt ?? s.dueAt)}.${apology}`,
        ),
      ];
    }
    default:
      return [];
  }
}
