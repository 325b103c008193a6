import ExcelJS from 'exceljs';
import { esc, MOTTO_HTML } from '../../common/print-html.js';
import { dmyText, formatVn } from '../../common/vn-time.js';
import type { DossierState } from '../dossier/dossier-rules.js';
import { STATUS_TEXT } from '../dossier/dossier-rules.js';
import { colName } from './form-06a.js';

/**
 * Form 07, Sổ theo dõi hồ sơ (TT 03/2025 Phụ lục I; the register of TT 01/2018's form 06): one line per dossier the
 * one-stop shop received, with the dates of its way through (received, appointment, sent to the deciding unit, result
 * back, returned) and a note. The columns follow the TT 01/2018 register as recalled (research/legal-rules.md §1.2,
 * not yet checked against the circular's text).
 */
export interface RegisterRow {
  /** The dossier's id, for the page's link (not a column of the form). */
  id: string;
  stt: number;
  code: string;
  procedure: string;
  /** Sets of papers (bộ): the engine records one set per dossier. */
  sets: number;
  applicant: string;
  contact: string;
  /** The unit that decides: the commune's department owning the first step after the centre's reception. */
  decidingUnit: string;
  receivedAt: string;
  appointment: string;
  transferredAt: string | null;
  resultReceivedAt: string | null;
  returnedAt: string | null;
  note: string;
}

type DateKey = 'receivedAt' | 'appointment' | 'transferredAt' | 'resultReceivedAt' | 'returnedAt';

export const FORM07_COLUMNS: { key: keyof RegisterRow; label: string; group?: string; width: number }[] = [
  { key: 'stt', label: 'TT', width: 5 },
  { key: 'code', label: 'Mã hồ sơ', width: 16 },
  { key: 'procedure', label: 'Tên thủ tục hành chính', width: 26 },
  { key: 'sets', label: 'Số lượng hồ sơ (bộ)', width: 9 },
  { key: 'applicant', label: 'Tên cá nhân, tổ chức', width: 16 },
  { key: 'contact', label: 'Địa chỉ, số điện thoại', width: 20 },
  { key: 'decidingUnit', label: 'Cơ quan chủ trì giải quyết', width: 18 },
  { key: 'receivedAt', group: 'Ngày, tháng, năm', label: 'Nhận hồ sơ', width: 13 },
  { key: 'appointment', group: 'Ngày, tháng, năm', label: 'Hẹn trả kết quả', width: 13 },
  { key: 'transferredAt', group: 'Ngày, tháng, năm', label: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 13 },
  { key: 'resultReceivedAt', group: 'Ngày, tháng, năm', label: 'Nhận kết quả từ cơ quan giải quyết', width: 13 },
  { key: 'returnedAt', group: 'Ngày, tháng, năm', label: 'Trả kết quả cho cá nhân, tổ chức', width: 13 },
  { key: 'note', label: 'Ghi chú', width: 22 },
];

const isDate = (k: keyof RegisterRow): k is DateKey => ['receivedAt', 'appointment', 'transferredAt', 'resultReceivedAt', 'returnedAt'].includes(k);

const RESULT_NOTE = { early: 'Giải quyết trước hạn', on_time: 'Giải quyết đúng hạn', late: 'Giải quyết quá hạn' } as const;

/** "2026-03-05T14:30:00+07:00" → "05/03/2026 14:30", as a register is written by hand. */
export const registerTime = (iso: string | null): string => (iso ? `${dmyText(iso)} ${iso.slice(11, 16)}` : '');

/** What the note column says of a dossier: how it ended, or where it stands, and any apology's new appointment. */
export function registerNote(s: DossierState, overdue: boolean): string {
  const parts: string[] = [];
  if (s.status === 'denied' || s.status === 'withdrawn' || s.status === 'stopped') parts.push(`${STATUS_TEXT[s.status]}: ${s.reason ?? ''}`.trim());
  else if (s.resultClass) parts.push(s.returnedAt === null ? `${RESULT_NOTE[s.resultClass]}, chờ trả kết quả` : RESULT_NOTE[s.resultClass]);
  else parts.push(overdue ? `${STATUS_TEXT[s.status]}, quá hạn` : STATUS_TEXT[s.status]);
  const apology = s.apologies.at(-1);
  if (apology) parts.push(`Đã xin lỗi (mẫu 04), hẹn lại ${registerTime(formatVn(apology.newDueAt))}`);
  return parts.join('. ');
}

/** The dates of the register from the dossier's state: reception hands over when its step ends; approval brings the result back. */
export function registerDates(s: DossierState): Pick<RegisterRow, DateKey> {
  const first = s.steps[0];
  const handedOver = first && first.ownerKind === 'centre' && s.steps.length > 1 ? first.finishedAt : s.receivedAt;
  return {
    receivedAt: formatVn(s.receivedAt),
    appointment: formatVn(s.originalDueAt),
    transferredAt: handedOver === null ? null : formatVn(handedOver),
    resultReceivedAt: s.resolvedAt === null ? null : formatVn(s.resolvedAt),
    returnedAt: s.returnedAt === null ? null : formatVn(s.returnedAt),
  };
}

/** The register's heading: the commune and its centre, the period, the signing date (YYYY-MM-DD, Vietnam time). */
export interface RegisterHeader {
  commune: string;
  centre: string | null;
  from: string;
  to: string;
  signedOn: string;
}

const cellText = (r: RegisterRow, k: keyof RegisterRow): string => (isDate(k) ? registerTime(r[k]) : String(r[k] ?? ''));

/** The register to print: landscape A4, the column heads repeated on every page, no line split across pages. */
export function form07Html(h: RegisterHeader, rows: RegisterRow[]): string {
  const dated = FORM07_COLUMNS.filter((c) => c.group);
  const head1 = FORM07_COLUMNS.map((c) =>
    c.group ? (c === dated[0] ? `<th colspan="${dated.length}">${esc(c.group)}</th>` : '') : `<th rowspan="2">${esc(c.label)}</th>`,
  ).join('');
  const head2 = dated.map((c) => `<th>${esc(c.label)}</th>`).join('');
  const numbers = FORM07_COLUMNS.map((_, i) => `<th>(${i + 1})</th>`).join('');
  // The spreadsheet's column widths, as shares of the page.
  const total = FORM07_COLUMNS.reduce((n, c) => n + c.width, 0);
  const cols = FORM07_COLUMNS.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(1)}%">`).join('');
  const body = rows
    .map(
      (r) => `<tr>${FORM07_COLUMNS.map((c) => `<td${c.key === 'stt' || c.key === 'sets' ? ' class="c"' : ''}>${esc(cellText(r, c.key))}</td>`).join('')}</tr>`,
    )
    .join('');
  const empty = rows.length ? '' : `<tr><td colspan="${FORM07_COLUMNS.length}" class="c">Không có hồ sơ tiếp nhận trong kỳ.</td></tr>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Mẫu 07 — Sổ theo dõi hồ sơ ${esc(dmyText(h.from))}–${esc(dmyText(h.to))}</title>
<style>@page{size:A4 landscape;margin:12mm}body{font-family:"Times New Roman",serif;font-size:12pt;line-height:1.3}
.head{display:flex;justify-content:space-between;text-align:center}h1{text-align:center;font-size:14pt;margin:4mm 0 1mm}
.period{text-align:center;font-style:italic;margin:0 0 3mm}
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:9.5pt}td,th{border:1px solid #000;padding:2px 3px;vertical-align:top}
td{overflow-wrap:anywhere}th{font-weight:bold;text-align:center;vertical-align:middle}
tr{break-inside:avoid}.c{text-align:center}thead{display:table-header-group}
.sign{width:40%;margin:6mm 0 0 auto;text-align:center;break-inside:avoid;padding-bottom:16mm}</style></head>
<body><div class="head"><div><b>${esc(h.commune.toUpperCase())}</b>${h.centre ? `<br><b>${esc(h.centre.toUpperCase())}</b>` : ''}</div>
${MOTTO_HTML}</div>
<p>Mẫu số 07</p><h1>SỔ THEO DÕI HỒ SƠ</h1>
<p class="period">Từ ngày ${esc(dmyText(h.from))} đến ngày ${esc(dmyText(h.to))} · ${rows.length.toLocaleString('vi-VN')} hồ sơ</p>
<table><colgroup>${cols}</colgroup><thead><tr>${head1}</tr><tr>${head2}</tr><tr>${numbers}</tr></thead><tbody>${body}${empty}</tbody></table>
<div class="sign"><i>Ngày ${esc(h.signedOn.slice(8, 10))} tháng ${esc(h.signedOn.slice(5, 7))} năm ${esc(h.signedOn.slice(0, 4))}</i><br>
<b>NGƯỜI GHI SỔ</b><br><i>(Ký, ghi rõ họ tên)</i></div></body></html>`;
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = { name: 'Times New Roman', size: 11 };

/** The register as a workbook: the same heading and columns, landscape A4 one page wide, heads repeated on each page. */
export async function form07Xlsx(h: RegisterHeader, rows: RegisterRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa';
  const ws = wb.addWorksheet('Sổ theo dõi hồ sơ', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: '7:9',
    },
    views: [{ state: 'frozen', ySplit: 9 }],
  });
  const last = colName(FORM07_COLUMNS.length - 1);
  ws.columns = FORM07_COLUMNS.map((c) => ({ width: c.width }));
  const put = (range: string, value: string, font: Partial<ExcelJS.Font> = {}, align: Partial<ExcelJS.Alignment> = { horizontal: 'center' }): ExcelJS.Cell => {
    if (range.includes(':')) ws.mergeCells(range);
    const cell = ws.getCell(range.split(':')[0]);
    cell.value = value;
    cell.font = { ...FONT, ...font };
    cell.alignment = { vertical: 'middle', wrapText: true, ...align };
    return cell;
  };
  put('A1:E1', h.commune.toUpperCase(), { bold: true });
  if (h.centre) put('A2:E2', h.centre.toUpperCase(), { bold: true });
  put(`I1:${last}1`, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  put(`I2:${last}2`, 'Độc lập - Tự do - Hạnh phúc', { bold: true });
  put('A3:C3', 'Mẫu số 07', { italic: true }, { horizontal: 'left' });
  put(`A4:${last}4`, 'SỔ THEO DÕI HỒ SƠ', { bold: true, size: 14 });
  put(`A5:${last}5`, `Từ ngày ${dmyText(h.from)} đến ngày ${dmyText(h.to)}`, { italic: true });
  const header = (range: string, value: string): void => {
    put(range, value, { bold: true }).border = BORDER;
  };
  const dated = FORM07_COLUMNS.filter((c) => c.group);
  FORM07_COLUMNS.forEach((c, i) => {
    const col = colName(i);
    if (!c.group) header(`${col}7:${col}8`, c.label);
    else {
      if (c === dated[0]) header(`${col}7:${colName(i + dated.length - 1)}7`, c.group);
      header(`${col}8`, c.label);
    }
    header(`${col}9`, `(${i + 1})`);
  });
  ws.getRow(8).height = 58;
  for (const r of rows) {
    const row = ws.addRow(FORM07_COLUMNS.map((c) => (c.key === 'stt' || c.key === 'sets' ? r[c.key] : cellText(r, c.key))));
    row.eachCell({ includeEmpty: true }, (cell, n) => {
      cell.border = BORDER;
      cell.font = FONT;
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: n === 1 || n === 4 ? 'center' : 'left' };
    });
  }
  const end = ws.rowCount + 2;
  const [y, m, d] = h.signedOn.split('-');
  put(`I${end}:${last}${end}`, `Ngày ${d} tháng ${m} năm ${y}`, { italic: true });
  put(`I${end + 1}:${last}${end + 1}`, 'NGƯỜI GHI SỔ', { bold: true });
  put(`I${end + 2}:${last}${end + 2}`, '(Ký, ghi rõ họ tên)', { italic: true });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
