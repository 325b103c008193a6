import { AppError } from '../../common/app-error.js';
import { esc, MOTTO_HTML } from '../../common/print-html.js';
import type { Agency } from '../agency/agency.schema.js';
import { dmyText, formatVn } from '../../common/vn-time.js';
import type { StoredEvent } from '../../common/event-chain.js';
import type { RulesEnv } from './dossier-rules.js';
import type { DossierRow } from './dossier-row.js';
import type { RuleSet } from '../../workflow-engine/rule-set.js';
import { type FormKey, formLabel } from './form-numbering.js';

/**
 * The official forms (domain.md §3; TT 03/2025 Phụ lục I) and the denial notice as data and as printable Vietnamese
 * HTML, numbered and titled as the dossier's rule set says (`form-numbering.ts`). Each is derived from the dossier's
 * stored state and events, never typed by hand.
 */
export { FORM_KEYS, type FormKey } from './form-numbering.js';

/** The slips made at the counter (02, 03 without a dossier) are today's forms. */
export const FORM_TITLES = { '02': formLabel('tt03-2025', '02').title, '03': formLabel('tt03-2025', '03').title };

/** The documents a dossier has now (the others answer 409 FORM_NOT_AVAILABLE), as its rule set numbers them. */
export function formsOf(row: DossierRow, ruleSet: RuleSet): { key: FormKey; number: string | null; title: string }[] {
  const s = row.state;
  const keys: FormKey[] = ['01'];
  if (s.waits.some((w) => w.kind === 'supplement')) keys.push('02');
  if (s.outcome === 'denied') keys.push('denial');
  if (s.apologies.length) keys.push('04');
  if (s.status === 'stopped' || (s.status === 'withdrawn' && ruleSet.withdrawalNotice.value)) keys.push('05');
  keys.push('06');
  return keys.map((key) => ({ key, ...formLabel(ruleSet.forms.value, key) }));
}

const RESULT_TEXT = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' } as const;
const DOC_FORM_TEXT: Record<string, string> = { original: 'Bản chính', certified_copy: 'Bản sao chứng thực', copy: 'Bản sao' };
const CHANNEL_TEXT: Record<string, string> = { direct: 'Trực tiếp', online: 'Trực tuyến', postal: 'Qua dịch vụ bưu chính công ích' };

/** "2026-02-25T16:00:00+07:00" → "16 giờ 00 phút, ngày 25/02/2026". */
export function vnDateTimeText(ms: number | null): string {
  if (ms === null) return '';
  const t = formatVn(ms);
  return `${t.slice(11, 13)} giờ ${t.slice(14, 16)} phút, ngày ${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)}`;
}

export interface FormContext {
  row: DossierRow;
  env: RulesEnv;
  commune: Agency;
  agencyName(code: string): string;
  events: StoredEvent[];
  trackingUrl: string;
}

const notAvailable = (nn: FormKey, why: string): AppError => new AppError(409, 'FORM_NOT_AVAILABLE', `Hồ sơ chưa có mẫu ${nn}: ${why}.`, { form: nn });

/** The form's data (what integrators read); throws 409 FORM_NOT_AVAILABLE when the dossier has none. */
export function formData(nn: FormKey, c: FormContext): Record<string, unknown> {
  const { row, env } = c;
  const s = row.state;
  const label = formLabel(env.ruleSet.forms.value, nn);
  const head = {
    form: nn,
    number: label.number,
    title: label.title,
    issuer: c.commune.name,
    dossierCode: row.code,
    procedure: env.def.name,
    applicant: {
      fullName: row.applicant.fullName,
      idNumber: row.applicant.idNumber,
      phone: row.applicant.phone ?? null,
      email: row.applicant.email ?? null,
      address: row.applicant.address ?? null,
    },
  };
  // Who took the action a form records: the name printed under its signature.
  const byAction = (action: string): (string | null)[] => c.events.filter((e) => e.action === action).map((e) => e.actorName);
  switch (nn) {
    case '01':
      return {
        ...head,
        // The receipt is the receiving centre's, which may be another commune's than the deciding one (NĐ 118/2025).
        issuer: c.agencyName(row.receivingAgencyCode),
        receivedAt: formatVn(s.receivedAt),
        receivedBy: c.events[0]?.actorName ?? null,
        channel: row.channel,
        documents: row.documents.map((d) => ({ name: d.name, form: d.form, count: d.count })),
        // One set per dossier; its line in the register (form 07): the day and the code's sequence of that day.
        sets: 1,
        registerEntry: { date: formatVn(s.receivedAt).slice(0, 10), number: row.code.slice(row.code.lastIndexOf('-') + 1) },
        // The appointment given at reception, as later pauses moved it; an apology's new date is on form 04.
        appointment: formatVn(s.originalDueAt),
        deadlineText: env.def.deadline.text,
        // The result is handed back by the unit of the procedure's last step (the centre's counter).
        resultPlace: c.agencyName(s.steps[s.steps.length - 1].ownerCode),
        trackingUrl: c.trackingUrl,
      };
    case '02': {
      const w = [...s.waits].reverse().find((x) => x.kind === 'supplement');
      if (!w) throw notAvailable(nn, 'chưa có yêu cầu bổ sung');
      return {
        ...head,
        requestedAt: formatVn(w.requestedAt),
        requestedBy: byAction('request_supplement').at(-1) ?? null,
        items: w.items ?? [],
        resumedAt: w.resumedAt === null ? null : formatVn(w.resumedAt),
      };
    }
    case '03':
      throw notAvailable(nn, 'mẫu 03 là phiếu từ chối tiếp nhận tại Bộ phận một cửa; hồ sơ đã tiếp nhận mà bị từ chối có thông báo từ chối giải quyết');
    case 'denial':
      if (s.outcome !== 'denied') throw notAvailable(nn, 'hồ sơ không bị từ chối giải quyết');
      return { ...head, deniedAt: formatVn(s.resolvedAt!), deniedBy: byAction('approve').at(-1) ?? null, reason: s.reason };
    case '04': {
      if (s.apologies.length === 0) throw notAvailable(nn, 'chưa có văn bản xin lỗi');
      const issuedBy = byAction('issue_apology');
      return {
        ...head,
        // TT 03/2025's letter asks for more time; TT 01/2018's slip set a new date.
        asksExtension: env.ruleSet.forms.value === 'tt03-2025',
        apologies: s.apologies.map((a, i) => ({
          at: formatVn(a.at),
          issuedBy: issuedBy[i] ?? null,
          unit: c.agencyName(a.unitCode),
          reason: a.reason,
          previousDueAt: formatVn(a.previousDueAt),
          newDueAt: formatVn(a.newDueAt),
          issuedOnTime: a.onTime,
        })),
      };
    }
    case '05': {
      // A withdrawal is a stop at the applicant's request, with its notice where the rule set says so.
      const atRequest = s.status === 'withdrawn' && env.ruleSet.withdrawalNotice.value;
      if (s.status !== 'stopped' && !atRequest) throw notAvailable(nn, 'hồ sơ không bị dừng giải quyết');
      return { ...head, atRequest, stoppedAt: formatVn(s.finishedAt!), stoppedBy: byAction(atRequest ? 'withdraw' : 'stop').at(-1) ?? null, reason: s.reason };
    }
    case '06':
      return {
        ...head,
        receivedAt: formatVn(s.receivedAt),
        deadlineText: env.def.deadline.text,
        dueAt: formatVn(s.originalDueAt),
        // The citizen's appointment: the due instant unless an apology set a new one.
        appointment: formatVn(s.dueAt),
        rows: controlSlipRows(c),
      };
  }
}

/**
 * Form 06: one row per hand-off, giving and receiving unit, time, and the giving step's result against
 * its own due instant — this is where lateness is attributed to a unit (domain.md §5).
 */
export function controlSlipRows(c: FormContext) {
  const s = c.row.state;
  const rows: { at: string; from: string; to: string; stepName: string; stepDueAt: string | null; result: string | null; note: string | null }[] = [];
  let k = 0;
  for (const e of c.events) {
    if (e.action !== 'complete_step' && e.action !== 'approve') continue;
    const step = s.steps[k];
    const next = s.steps[k + 1];
    rows.push({
      at: formatVn(e.at),
      from: c.agencyName(step.ownerCode),
      to: e.action === 'approve' && s.outcome === 'denied' ? c.agencyName(c.commune.code) : next ? c.agencyName(next.ownerCode) : 'Trả kết quả',
      stepName: step.name,
      stepDueAt: step.dueAt === null ? null : formatVn(step.dueAt),
      result: step.result === null ? null : RESULT_TEXT[step.result],
      note: e.note,
    });
    k++;
  }
  if (s.returnedAt !== null) {
    rows.push({
      at: formatVn(s.returnedAt),
      from: c.agencyName(s.steps[s.steps.length - 1].ownerCode),
      to: c.row.applicant.fullName,
      stepName: 'Trả kết quả cho tổ chức, cá nhân',
      stepDueAt: formatVn(s.dueAt),
      result: s.resultClass ? RESULT_TEXT[s.resultClass] : null,
      note: null,
    });
  }
  return rows;
}

const dmy = (entry: unknown): string => dmyText((entry as { date: string }).date);

const isoText = (v: unknown): string => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? vnDateTimeText(Date.parse(v)) : esc(v));

/** "UBND xã Lộc Bình" → "Lộc Bình": the place that opens a document's date line. */
const placeOf = (issuer: string): string => issuer.replace(/^(UBND|Ủy ban nhân dân)\s+(xã|phường|thị trấn|đặc khu)\s+/i, '');

/** The date line under the national motto, as administrative documents have it: "Lộc Bình, ngày 05 tháng 03 năm 2026". */
const dateLine = (issuer: unknown, iso: unknown): string =>
  typeof iso === 'string' ? `<i>${esc(placeOf(String(issuer)))}, ngày ${iso.slice(8, 10)} tháng ${iso.slice(5, 7)} năm ${iso.slice(0, 4)}</i>` : '';

const SIGN = '(Ký và ghi rõ họ tên)';
const SIGN_AND_SEAL = '(Ký, ghi rõ họ tên và đóng dấu)';
/** An agency's letter (a refusal after appraisal, an apology, a stop) is signed for the agency and sealed. */
const AGENCY_SIGNER = 'ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ';

/** Signature blocks at the foot of a form: title, how to sign, room for the signature, the printed name. */
function signatures(signers: { title: string; hint: string; name: unknown }[]): string {
  const blocks = signers.map((x) => `<div><b>${esc(x.title)}</b><br><i>${esc(x.hint)}</i><div class="space"></div><b>${esc(x.name)}</b></div>`);
  return `<div class="sign${signers.length === 1 ? ' one' : ''}">${blocks.join('')}</div>`;
}

/** Printable HTML: A4, Times New Roman as official documents use, each form on the pages a browser prints. */
export function formHtml(nn: FormKey, data: Record<string, unknown>, qrSvg: string | null): string {
  const d = data as Record<string, never> & { applicant: Record<string, string | null> };
  const line = (label: string, value: unknown): string => `<p>${esc(label)}: <b>${isoText(value)}</b></p>`;
  const optional = (label: string, value: unknown): string => (value === null || value === undefined || value === '' ? '' : line(label, value));
  // Slips made at the counter (02, 03 without a dossier code) carry their maker; a dossier's forms, the actor.
  const slipMaker = d.createdBy as string | undefined;
  type Signer = Parameters<typeof signatures>[0][number];
  // A notice to the applicant (forms 02–05): the dossier, to whom, what it says, and who signs it.
  const notice = (content: string, signer: Signer): string =>
    line('Mã hồ sơ', d.dossierCode) + line('Kính gửi', d.applicant.fullName) + content + signatures([signer]);
  // A notice that ends the request (03, 05): the sentence around the procedure's name, why, and when.
  const ending = (before: string, after: string, at: unknown): string =>
    `<p>${before} <b>${esc(d.procedure)}</b>${after}</p>` + line('Lý do', d.reason) + line('Ngày', at);
  let date = '';
  let body = '';
  switch (nn) {
    case '01': {
      const docs = (d.documents as { name: string; form: string; count: number }[]).map(
        (x, i) => `<tr><td>${i + 1}</td><td>${esc(x.name)}</td><td>${esc(DOC_FORM_TEXT[x.form] ?? x.form)}</td><td>${x.count}</td></tr>`,
      );
      date = dateLine(d.issuer, d.receivedAt);
      body =
        line('Mã hồ sơ', d.dossierCode) +
        line('Tiếp nhận hồ sơ của', d.applicant.fullName) +
        line('Số định danh cá nhân', d.applicant.idNumber) +
        optional('Địa chỉ', d.applicant.address) +
        optional('Số điện thoại', d.applicant.phone) +
        optional('Thư điện tử', d.applicant.email) +
        line('Hình thức nộp hồ sơ', CHANNEL_TEXT[d.channel] ?? d.channel) +
        line('Nội dung yêu cầu giải quyết', d.procedure) +
        // Both on one line: the receipt stays one A4 page.
        `<p>Số lượng hồ sơ: <b>${String(d.sets).padStart(2, '0')} (bộ)</b>; vào Sổ theo dõi hồ sơ: <b>ngày ${dmy(d.registerEntry)}, ` +
        `số thứ tự ${esc((d.registerEntry as { number: string }).number)}</b></p>` +
        `<table><thead><tr><th>TT</th><th>Tên giấy tờ</th><th>Hình thức</th><th>Số lượng</th></tr></thead><tbody>${docs.join('')}</tbody></table>` +
        line('Thời gian giải quyết', d.deadlineText) +
        line('Thời gian nhận hồ sơ', d.receivedAt) +
        line('Thời gian trả kết quả', d.appointment) +
        optional('Nơi trả kết quả', d.resultPlace) +
        `<div class="track">${qrSvg ? `<div class="qr">${qrSvg}</div>` : ''}<p>Tra cứu tình trạng hồ sơ: ${esc(d.trackingUrl)}</p></div>` +
        // Only a filing at the counter has its submitter there to sign.
        signatures([
          ...(d.channel === 'direct' ? [{ title: 'NGƯỜI NỘP HỒ SƠ', hint: SIGN, name: d.applicant.fullName }] : []),
          { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: SIGN, name: d.receivedBy },
        ]);
      break;
    }
    case '02':
      date = dateLine(d.issuer, d.requestedAt);
      body = notice(
        `<p>Hồ sơ đề nghị giải quyết thủ tục <b>${esc(d.procedure)}</b> cần bổ sung, hoàn thiện các nội dung sau:</p>` +
          `<ol>${(d.items as string[]).map((i) => `<li>${esc(i)}</li>`).join('')}</ol>` +
          line('Ngày yêu cầu', d.requestedAt),
        { title: 'NGƯỜI LẬP PHIẾU', hint: SIGN, name: slipMaker ?? d.requestedBy },
      );
      break;
    case '03':
    case 'denial':
      // 03: refused at the counter (a slip); the denial: refused after appraisal, the agency's written reasons.
      date = dateLine(d.issuer, d.deniedAt);
      body = notice(
        ending('Hồ sơ đề nghị giải quyết thủ tục', ' không được giải quyết.', d.deniedAt),
        slipMaker ? { title: 'NGƯỜI LẬP PHIẾU', hint: SIGN, name: slipMaker } : { title: AGENCY_SIGNER, hint: SIGN_AND_SEAL, name: d.deniedBy },
      );
      break;
    case '04': {
      const apologies = d.apologies as Record<string, string | null>[];
      date = dateLine(d.issuer, apologies.at(-1)?.at);
      body = notice(
        apologies
          .map(
            (a) =>
              `<p>${esc(a.unit)} xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hẹn (${isoText(a.previousDueAt)}). Lý do: ${esc(a.reason)}.</p>` +
              (d.asksExtension
                ? `<p>Đề nghị ông/bà gia hạn thời gian giải quyết hồ sơ; hẹn lại ngày trả kết quả: <b>${isoText(a.newDueAt)}</b>.</p>`
                : `<p>Hẹn lại ngày trả kết quả: <b>${isoText(a.newDueAt)}</b>.</p>`),
          )
          .join(''),
        { title: AGENCY_SIGNER, hint: SIGN_AND_SEAL, name: apologies.at(-1)?.issuedBy },
      );
      break;
    }
    case '05':
      date = dateLine(d.issuer, d.stoppedAt);
      body = notice(
        ending(
          d.atRequest ? 'Theo đề nghị của ông/bà, cơ quan dừng giải quyết hồ sơ thủ tục' : 'Cơ quan thông báo dừng giải quyết hồ sơ thủ tục',
          '.',
          d.stoppedAt,
        ),
        {
          title: AGENCY_SIGNER,
          hint: SIGN_AND_SEAL,
          name: d.stoppedBy,
        },
      );
      break;
    case '06': {
      // One row per hand-off, with room for the giver's and the receiver's signatures (research/legal-rules.md §1.10).
      const rows = (d.rows as ReturnType<typeof controlSlipRows>).map(
        (r, i) =>
          `<tr><td>${i + 1}</td><td>Giao: ${esc(r.from)}<br>Nhận: ${esc(r.to)}<br><i>${esc(r.stepName)}</i></td>` +
          `<td>${isoText(r.at)}<div class="pair"><span>Người giao</span><span>Người nhận</span></div></td>` +
          `<td>${isoText(r.stepDueAt)}</td><td>${esc(r.result)}</td><td>${esc(r.note)}</td></tr>`,
      );
      body =
        line('Mã hồ sơ', d.dossierCode) +
        line('Người nộp', d.applicant.fullName) +
        line('Nội dung yêu cầu giải quyết', d.procedure) +
        line('Thời gian giải quyết', d.deadlineText) +
        line('Ngày nhận', d.receivedAt) +
        line('Hạn giải quyết', d.dueAt) +
        (d.appointment !== d.dueAt ? line('Ngày hẹn trả kết quả (sau khi xin lỗi)', d.appointment) : '') +
        // A long slip runs onto more pages: the header row repeats (thead) and no hand-off is split.
        '<table class="slip"><thead><tr><th>TT</th><th>Tên cơ quan, đơn vị giao, nhận</th><th>Thời gian giao, nhận hồ sơ</th>' +
        `<th>Hạn của bước</th><th>Kết quả</th><th>Ghi chú</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
      break;
    }
  }
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Mẫu ${nn} — ${esc(d.dossierCode)}</title>
<style>@page{size:A4;margin:20mm}body{font-family:"Times New Roman",serif;font-size:13pt;line-height:1.4}p{margin:1.5mm 0}h1{margin:4mm 0}
.head{display:flex;justify-content:space-between;text-align:center}h1{text-align:center;font-size:14pt}.date{display:flex;justify-content:space-between}
table{border-collapse:collapse;width:100%;font-size:12pt}td,th{border:1px solid #000;padding:2px 4px;vertical-align:top}tr{break-inside:avoid}
.slip{font-size:11pt}.slip td:first-child{text-align:center}
.pair{display:flex;justify-content:space-between;margin-top:4px;padding-bottom:12mm;font-style:italic;font-size:10pt;white-space:nowrap;gap:2mm}
.track{display:flex;align-items:center;gap:4mm}.qr svg{width:30mm;height:30mm;display:block}
.sign{display:flex;justify-content:space-around;text-align:center;margin-top:6mm;break-inside:avoid}.sign.one{justify-content:flex-end}
.sign>div{width:45%}.sign .space{height:16mm}</style></head>
<body><div class="head"><div><b>${esc(d.issuer)}</b></div>${MOTTO_HTML}</div>
<p class="date"><span>${d.number ? `Mẫu số ${esc(d.number)}` : ''}</span>${date}</p><h1>${esc(d.title)}</h1>${body}</body></html>`;
}
