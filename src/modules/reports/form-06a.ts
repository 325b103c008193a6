import { dmyText } from '../../common/vn-time.js';
import type { IndicatorRow } from './indicators.service.js';
import ExcelJS from 'exceljs';

/**
 * Biểu II.06a (TT 01/2020/TT-VPCP): "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết",
 * one row per field (lĩnh vực). Columns (3) = (4)+(5)+(6), (7) = (8)+(9)+(10), (11) = (12)+(13); withdrawn and
 * stopped dossiers are shown in two extra columns as the rule set says (domain.md §7).
 */
export interface Form06Row {
  stt: number | null;
  field: string;
  c3: number;
  c4: number;
  c5: number;
  c6: number;
  c7: number;
  c8: number;
  c9: number;
  c10: number;
  c11: number;
  c12: number;
  c13: number;
  withdrawn: number;
  stopped: number;
}

export const FORM06_COLUMNS = [
  { key: 'c3', number: '(3)', group: 'Số hồ sơ nhận giải quyết', label: 'Tổng số' },
  { key: 'c4', number: '(4)', group: 'Số hồ sơ nhận giải quyết', label: 'Số mới tiếp nhận trực tuyến' },
  { key: 'c5', number: '(5)', group: 'Số hồ sơ nhận giải quyết', label: 'Số mới tiếp nhận trực tiếp và qua dịch vụ bưu chính' },
  { key: 'c6', number: '(6)', group: 'Số hồ sơ nhận giải quyết', label: 'Số kỳ trước chuyển qua' },
  { key: 'c7', number: '(7)', group: 'Số hồ sơ đã giải quyết', label: 'Tổng số' },
  { key: 'c8', number: '(8)', group: 'Số hồ sơ đã giải quyết', label: 'Trả trước hạn' },
  { key: 'c9', number: '(9)', group: 'Số hồ sơ đã giải quyết', label: 'Trả đúng thời hạn' },
  { key: 'c10', number: '(10)', group: 'Số hồ sơ đã giải quyết', label: 'Trả quá hạn' },
  { key: 'c11', number: '(11)', group: 'Số hồ sơ đang giải quyết', label: 'Tổng số' },
  { key: 'c12', number: '(12)', group: 'Số hồ sơ đang giải quyết', label: 'Trong thời hạn' },
  { key: 'c13', number: '(13)', group: 'Số hồ sơ đang giải quyết', label: 'Quá hạn' },
  { key: 'withdrawn', number: '(14)', group: null, label: 'Số hồ sơ rút (theo đề nghị của tổ chức, cá nhân)' },
  { key: 'stopped', number: '(15)', group: null, label: 'Số hồ sơ dừng giải quyết' },
] as const;

export function toForm06Row(stt: number | null, r: IndicatorRow): Form06Row {
  return {
    stt,
    field: r.label,
    c3: r.received.total,
    c4: r.received.online,
    c5: r.received.direct + r.received.postal,
    c6: r.received.carriedOver,
    c7: r.resolved.total,
    c8: r.resolved.early,
    c9: r.resolved.onTime,
    c10: r.resolved.late,
    c11: r.inProgress.total,
    c12: r.inProgress.withinDeadline,
    c13: r.inProgress.overdue,
    withdrawn: r.withdrawn,
    stopped: r.stopped,
  };
}

/** Who sends the form and who receives it, and where and when it is signed (the form's header and date line). */
export interface Form06Header {
  /** "UBND xã Lộc Bình" */
  reportingUnit: string;
  /** "UBND tỉnh Lạng Sơn (Văn phòng UBND tỉnh)" */
  recipient: string;
  /** The place on the date line: "Lộc Bình". */
  place: string;
  /** The signing date, YYYY-MM-DD (Vietnam time). */
  signedOn: string;
  from: string;
  to: string;
  /** The first column's title: by field (the official form) or by department. */
  rowTitle: string;
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = { name: 'Times New Roman', size: 12 };

/**
 * The form as the Government Office's template lays it out (TT 01/2020/TT-VPCP, Biểu II.06a): the form number and
 * the units at the top, the title and the period, the table with its three header rows, then the date line and
 * the signature blocks; landscape A4, one page wide, the table's header repeated on each printed page.
 */
export async function form06Xlsx(h: Form06Header, rows: Form06Row[], total: Form06Row): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa';
  const ws = wb.addWorksheet('Biểu II.06a', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '7:9',
    },
  });
  const last = colName(1 + FORM06_COLUMNS.length);
  ws.columns = [{ width: 6 }, { width: 38 }, ...FORM06_COLUMNS.map(() => ({ width: 12 }))];
  const put = (range: string, value: string, font: Partial<ExcelJS.Font> = {}, align: Partial<ExcelJS.Alignment> = { horizontal: 'center' }): ExcelJS.Cell => {
    const [first] = range.split(':');
    if (range.includes(':')) ws.mergeCells(range);
    const cell = ws.getCell(first);
    cell.value = value;
    cell.font = { ...FONT, ...font };
    cell.alignment = { vertical: 'middle', wrapText: true, ...align };
    return cell;
  };
  put('A1:D1', 'Biểu số II.06a/VPCP/KSTT', { bold: true }, { horizontal: 'left' });
  put('A2:D2', 'Ban hành kèm theo Thông tư số 01/2020/TT-VPCP', { italic: true, size: 11 }, { horizontal: 'left' });
  put(`K1:${last}1`, `Đơn vị báo cáo: ${h.reportingUnit}`, {}, { horizontal: 'left' });
  put(`K2:${last}2`, `Đơn vị nhận báo cáo: ${h.recipient}`, {}, { horizontal: 'left' });
  ws.getRow(2).height = 32;
  put(`A4:${last}4`, `TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI ${h.reportingUnit.toUpperCase()}`, { bold: true, size: 14 });
  put(`A5:${last}5`, `Kỳ báo cáo: từ ngày ${dmyText(h.from)} đến ngày ${dmyText(h.to)}`, { italic: true });
  put(`K6:${last}6`, 'Đơn vị tính: Số hồ sơ TTHC', { italic: true, size: 11 }, { horizontal: 'right' });

  // The table: three header rows (groups, columns, column numbers), the rows, the total.
  const header = (range: string, value: string): void => {
    const cell = put(range, value, { bold: true });
    cell.border = BORDER;
  };
  header('A7:A8', 'STT');
  header('B7:B8', h.rowTitle);
  FORM06_COLUMNS.forEach((c, i) => {
    const col = colName(i + 2);
    if (c.group === null) header(`${col}7:${col}8`, c.label);
    else {
      const span = FORM06_COLUMNS.filter((x) => x.group === c.group);
      if (span[0] === c) header(`${col}7:${colName(i + 1 + span.length)}7`, c.group);
      header(`${col}8`, c.label);
    }
  });
  ['(1)', '(2)', ...FORM06_COLUMNS.map((c) => c.number)].forEach((n, i) => header(`${colName(i)}9`, n));
  ws.getRow(8).height = 62;
  for (const r of [...rows, total]) {
    const row = ws.addRow([r.stt, r.field, ...FORM06_COLUMNS.map((c) => r[c.key])]);
    row.eachCell({ includeEmpty: true }, (cell, n) => {
      cell.border = BORDER;
      cell.font = { ...FONT, bold: r === total };
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: n === 2 ? 'left' : 'center' };
    });
  }

  // The date line and the two signatures under it.
  const end = ws.rowCount + 2;
  const [y, m, d] = h.signedOn.split('-');
  put(`K${end}:${last}${end}`, `${h.place}, ngày ${d} tháng ${m} năm ${y}`, { italic: true });
  put(`B${end + 1}:E${end + 1}`, 'NGƯỜI LẬP BIỂU', { bold: true });
  put(`K${end + 1}:${last}${end + 1}`, 'THỦ TRƯỞNG ĐƠN VỊ', { bold: true });
  put(`B${end + 2}:E${end + 2}`, '(Ký, ghi rõ họ tên)', { italic: true });
  put(`K${end + 2}:${last}${end + 2}`, '(Ký tên, đóng dấu)', { italic: true });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Cell = string | number | null;

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** CSV with a BOM so Excel opens the Vietnamese text as UTF-8. */
export function form06Csv(rows: Form06Row[], total: Form06Row): string {
  const quote = (v: Cell): string => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  const header = ['STT', 'Lĩnh vực', ...FORM06_COLUMNS.map((c) => `${c.number} ${c.group ? c.group + ' - ' : ''}${c.label}`)];
  const lines = [header.map(quote).join(','), ...[...rows, total].map((r) => [r.stt, r.field, ...FORM06_COLUMNS.map((c) => r[c.key])].map(quote).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
