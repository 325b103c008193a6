import { validationFailed } from '../../common/app-error.js';
import type { IndicatorRow } from './indicators.service.js';
import { type Cell, colName, writeXlsx } from './xlsx.js';

/**
 * Biểu II.06a (TT 01/2020/TT-VPCP): "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết",
 * one row per field (lĩnh vực). Columns (3) = (4)+(5)+(6), (7) = (8)+(9)+(10), (11) = (12)+(13); withdrawn and
 * stopped dossiers are shown in two extra columns as the rule set says (domain.md §7).
 */
export interface Form06Row {
  stt: number | null;
  field: string;
  c3: number; c4: number; c5: number; c6: number;
  c7: number; c8: number; c9: number; c10: number;
  c11: number; c12: number; c13: number;
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

/** `2026`, `2026-H1`, `2026-Q3` → the period's first and last dates. */
export function namedPeriod(period: string): { from: string; to: string } {
  const m = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/.exec(period);
  if (!m) throw validationFailed([{ field: 'period', message: 'kỳ báo cáo có dạng 2026, 2026-H1 hoặc 2026-Q3' }]);
  const y = m[1];
  const part = m[2];
  const span = !part ? [1, 12] : part[0] === 'H' ? (part === 'H1' ? [1, 6] : [7, 12]) : [(Number(part[1]) - 1) * 3 + 1, Number(part[1]) * 3];
  const lastDay = new Date(Date.UTC(Number(y), span[1], 0)).getUTCDate();
  return { from: `${y}-${String(span[0]).padStart(2, '0')}-01`, to: `${y}-${String(span[1]).padStart(2, '0')}-${lastDay}` };
}

const vnDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function form06Xlsx(agencyName: string, from: string, to: string, rows: Form06Row[], total: Form06Row): Buffer {
  const width = 2 + FORM06_COLUMNS.length;
  const blank = (): Cell[] => Array<Cell>(width).fill(null);
  const title = blank();
  title[0] = 'Biểu số II.06a/VPCP/KSTT';
  const heading = blank();
  heading[0] = `TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI ${agencyName.toUpperCase()}`;
  const period = blank();
  period[0] = `Kỳ báo cáo: từ ngày ${vnDate(from)} đến ngày ${vnDate(to)}`;
  const h1 = blank();
  const h2 = blank();
  const h3 = blank();
  h1[0] = 'STT';
  h1[1] = 'Lĩnh vực, công việc giải quyết theo cấp';
  h3[0] = '(1)';
  h3[1] = '(2)';
  FORM06_COLUMNS.forEach((c, i) => {
    const col = i + 2;
    if (c.group === null) h1[col] = c.label;
    else {
      if (i === 0 || FORM06_COLUMNS[i - 1].group !== c.group) h1[col] = c.group;
      h2[col] = c.label;
    }
    h3[col] = c.number;
  });
  const line = (r: Form06Row): Cell[] => [r.stt, r.field, ...FORM06_COLUMNS.map((c) => r[c.key])];
  const sheetRows = [title, heading, period, blank(), h1, h2, h3, ...rows.map(line), line(total)];
  const last = colName(width - 1);
  const merges = [`A2:${last}2`, `A3:${last}3`, 'A5:A6', 'B5:B6', 'C5:F5', 'G5:J5', 'K5:M5', 'N5:N6', 'O5:O6'];
  return writeXlsx({
    name: 'Biểu II.06a',
    rows: sheetRows,
    merges,
    widths: [6, 40, ...FORM06_COLUMNS.map(() => 13)],
    headerRows: [1, 2, 4, 5, 6],
    tableFrom: 4,
  });
}

/** CSV with a BOM so Excel opens the Vietnamese text as UTF-8. */
export function form06Csv(rows: Form06Row[], total: Form06Row): string {
  const quote = (v: Cell): string => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  const header = ['STT', 'Lĩnh vực', ...FORM06_COLUMNS.map((c) => `${c.number} ${c.group ? c.group + ' - ' : ''}${c.label}`)];
  const lines = [header.map(quote).join(','), ...[...rows, total].map((r) => [r.stt, r.field, ...FORM06_COLUMNS.map((c) => r[c.key])].map(quote).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
