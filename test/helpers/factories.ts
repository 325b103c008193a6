import { APPLICANT } from './staff.js';

/**
 * Test data, built the same way by every test: dossiers (by reception, or from history for the import), their events,
 * and feedback. Times are written as Vietnam wall-clock time (`2026-03-02T08:00:00`); the factories add the zone.
 */

const vn = (at: string): string => (/[+-]\d\d:\d\d$|Z$/.test(at) ? at : `${at}+07:00`);

/** A history event: `step('2026-03-02T09:00:00')` ends the current step. */
export const step = (at: string) => ({ action: 'complete_step', at: vn(at) });

/** The decision at the deciding step: a result issued (or `{ outcome: 'denied', reason }`). */
export const issue = (at: string, extra: Record<string, unknown> = {}) => ({ action: 'approve', outcome: 'issued', at: vn(at), ...extra });

/** Any other history event: `event('withdraw', at, { reason })`. */
export const event = (action: string, at: string, extra: Record<string, unknown> = {}) => ({ action, at: vn(at), ...extra });

/** A dossier from history (`POST /api/v1/import/dossiers`): Lộc Bình, marriage status certificate, filed at the counter. */
export function historyDossier(
  code: string,
  o: { receivedAt: string; events?: Record<string, unknown>[]; channel?: string; procedureCode?: string; agencyCode?: string } & Record<string, unknown>,
) {
  const { receivedAt, events = [], channel = 'direct', procedureCode = '1.004873', agencyCode = 'LS.LOCBINH', ...rest } = o;
  return {
    code,
    procedureCode,
    agencyCode,
    channel,
    applicant: APPLICANT,
    receivedAt: vn(receivedAt),
    events: events.map((e) => ({ ...e, at: vn(e.at as string) })),
    ...rest,
  };
}

export const SENDER = { fullName: 'Trần Văn Bình', phone: '0987654321', email: 'binh@example.vn' };

/** A feedback item's body (public form or staff): about a dossier's handling in Lộc Bình. */
export function feedbackBody(extra: Record<string, unknown> = {}) {
  return {
    agencyCode: 'LS.LOCBINH',
    sender: SENDER,
    subject: 'Hồ sơ chậm trả kết quả',
    body: 'Tôi nộp hồ sơ từ tuần trước nhưng chưa nhận được kết quả, đề nghị kiểm tra.',
    about: 'other',
    ...extra,
  };
}
