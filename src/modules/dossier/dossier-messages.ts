import type { AgencyDirectory } from '../agency/agency-directory.js';
import { formatVn } from '../../common/vn-time.js';
import type { NotificationMessage } from '../notification/outbox.js';
import type { DossierRow } from './dossier-row.js';
import type { ActionName } from './actions/action.js';
import { ACTIONS } from './actions/index.js';

const when = (ms: number): string => formatVn(ms).slice(0, 16).replace('T', ' ');

/**
 * What the applicant and staff are told about a change (Vietnamese; delivered through the outbox): an action's own
 * messages are in its file (actions/); reception, the early warnings and the apology reminder are here.
 */
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
  if (Object.hasOwn(ACTIONS, action)) {
    return ACTIONS[action as ActionName].tell(row, { applicant, staff: (u, subject, body) => staff(u, subject, body), agencies, when });
  }
  switch (action) {
    case 'receive':
      return [applicant('Đã tiếp nhận hồ sơ', `Hồ sơ đã được tiếp nhận lúc ${when(s.receivedAt)}; hẹn trả kết quả ${when(s.dueAt)}.`)];
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
    case 'step_warning':
      return step?.dueAt
        ? [
            staff(
              step.ownerCode,
              `Bước "${step.name}" sắp đến hạn`,
              `Bước "${step.name}" cần hoàn thành trước ${when(step.dueAt)}; hạn giải quyết hồ sơ ${when(s.dueAt)}.`,
            ),
          ]
        : [];
    case 'apology_reminder':
      return s.apologyDueBy === null
        ? []
        : [
            staff(
              step?.ownerCode ?? row.agencyCode,
              'Đến hạn gửi văn bản xin lỗi nếu không kịp',
              `Hồ sơ hẹn trả ${when(s.dueAt)}. Nếu không giải quyết kịp, văn bản xin lỗi và hẹn lại ngày trả (mẫu 04) phải gửi ` +
                `công dân trước ${when(s.apologyDueBy)}.`,
            ),
          ];
    default:
      return [];
  }
}
