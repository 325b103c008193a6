import ExcelJS from 'exceljs';
import { esc, MOTTO_HTML } from '../../common/print-html.js';
import { dmyText } from '../../common/vn-time.js';
import type { Outcome } from './task-status.js';
import type { Counts, PlanTaskReport } from './plan-task-report.service.js';

/** The words the report uses, in the order its tables show them. */
export const OUTCOME_TEXT: Record<Outcome, string> = {
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  not_done: 'Chưa hoàn thành (quá hạn)',
  not_due: 'Đang thực hiện (chưa đến hạn)',
  no_deadline: 'Chưa xác định thời hạn',
};
const TARGET_TEXT = { met: 'Đạt', not_met: 'Chưa đạt', not_measured: 'Chưa đo được' } as const;
const COUNT_COLS = Object.keys(OUTCOME_TEXT) as Outcome[];

const dueText = (r: PlanTaskReport['tasks'][number]): string =>
  [r.deadline, r.period ? `kỳ ${r.period}` : '', r.due ? `hạn ${dmyText(r.due)}` : ''].filter(Boolean).join(' — ');
const resultText = (r: PlanTaskReport['tasks'][number]): string =>
  OUTCOME_TEXT[r.outcome] + (r.doneOn ? ` (${dmyText(r.doneOn)})` : '') + (r.carriedOver ? '; chuyển từ kỳ trước' : '');
const targetValue = (t: PlanTaskReport['targets']['items'][number]): string => (t.target === null ? 'cấp trên giao' : `${t.op} ${t.target}`);

const tr = (cells: string[]): string => `<tr>${cells.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`;
const th = (cells: string[]): string => `<tr>${cells.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
const num = (v: number | string): string => `<td class="n">${v}</td>`;

function countsRow(label: string, c: Counts): string {
  return tr([esc(label), num(c.total), ...COUNT_COLS.map((k) => num(c[k]))]);
}

/** The report as an A4 landscape page to print and sign (its heading as an administrative report's). */
export function planTaskReportHtml(r: PlanTaskReport): string {
  const head = `<tr><th>Nội dung</th><th>Tổng số</th>${COUNT_COLS.map((k) => `<th>${OUTCOME_TEXT[k]}</th>`).join('')}</tr>`;
  const bySection = new Map<string, PlanTaskReport['tasks']>();
  for (const t of r.tasks) bySection.set(t.section, [...(bySection.get(t.section) ?? []), t]);
  let n = 0;
  const taskRows = r.bySection
    .map(
      (s) =>
        `<tr class="sec"><td colspan="6">${esc(s.id)}. ${esc(s.title)}</td></tr>` +
        (bySection.get(s.id) ?? [])
          .map((t) =>
            tr([
              num(++n),
              esc(t.content) + (t.product ? `<br><i>Sản phẩm: ${esc(t.product)}</i>` : ''),
              esc(t.lead.join('; ')),
              esc(dueText(t)),
              esc(resultText(t)),
              esc([t.note, t.evidence ? `Minh chứng: ${t.evidence}` : ''].filter(Boolean).join('. ')),
            ]),
          )
          .join(''),
    )
    .join('');
  const targets = r.targets.items
    .map((t, i) => tr([num(i + 1), esc(t.text), esc(targetValue(t)), num(t.actual ?? ''), TARGET_TEXT[t.status] + (t.reason ? `: ${esc(t.reason)}` : '')]))
    .join('');
  const notMeasured = r.targets.notMeasured.map((t) => `<li>${esc(t)}: chưa đo được từ dữ liệu hồ sơ</li>`).join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Báo cáo kết quả thực hiện kế hoạch CCHC ${esc(r.periodLabel)}</title>
<style>@page{size:A4 landscape;margin:15mm}body{font-family:"Times New Roman",serif;font-size:13px}
.head{display:flex;justify-content:space-between;text-align:center}h1{font-size:16px;text-align:center;margin:16px 0 4px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}td,th{border:1px solid #000;padding:3px 5px;vertical-align:top}
th{background:#f0f0f0}.n{text-align:right}.sec td{font-weight:bold;background:#fafafa}h2{font-size:14px;margin:12px 0 4px}</style></head><body>
<div class="head"><div><b>${esc(r.agencyName.toUpperCase())}</b></div>${MOTTO_HTML}</div>
<h1>BÁO CÁO<br>Kết quả thực hiện ${esc(r.plan.title)} — ${esc(r.periodLabel)}</h1>
<p style="text-align:center">Từ ngày ${dmyText(r.from)} đến ngày ${dmyText(r.to)}; số liệu đến ngày ${dmyText(r.asOf)}</p>
<h2>I. Tổng hợp kết quả thực hiện nhiệm vụ</h2>
<table><thead>${head}</thead><tbody>${countsRow('Tổng số nhiệm vụ', r.summary)}</tbody></table>
<h2>Theo lĩnh vực</h2><table><thead>${head}</thead><tbody>${r.bySection.map((s) => countsRow(`${s.id}. ${s.title}`, s)).join('')}</tbody></table>
<h2>Theo cơ quan chủ trì</h2><table><thead>${head}</thead><tbody>${r.byUnit.map((u) => countsRow(u.name, u)).join('')}</tbody></table>
<h2>II. Chi tiết từng nhiệm vụ</h2>
<table><thead>${th(['TT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', 'Kết quả', 'Tiến độ, minh chứng'])}</thead><tbody>${taskRows}</tbody></table>
<h2>III. Chỉ tiêu của kế hoạch (lũy kế từ đầu năm đến ngày ${dmyText(r.targets.asOf)})</h2>
<table><thead>${th(['TT', 'Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Đánh giá'])}</thead>
<tbody>${targets || '<tr><td colspan="5">Kế hoạch không có chỉ tiêu đo được từ dữ liệu hồ sơ.</td></tr>'}</tbody></table>
${notMeasured ? `<ul>${notMeasured}</ul>` : ''}
</body></html>`;
}

/** The same report as a workbook: the counts, each task, and the targets, one sheet each. */
export async function planTaskReportXlsx(r: PlanTaskReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const bold = (row: ExcelJS.Row): void => {
    row.font = { bold: true };
  };
  const sum = wb.addWorksheet('Tổng hợp');
  sum.addRow([`BÁO CÁO KẾT QUẢ THỰC HIỆN ${r.plan.title.toUpperCase()} — ${r.periodLabel.toUpperCase()}`]).font = { bold: true, size: 13 };
  sum.addRow([`${r.agencyName}; từ ${dmyText(r.from)} đến ${dmyText(r.to)}; số liệu đến ngày ${dmyText(r.asOf)}`]);
  sum.addRow([]);
  bold(sum.addRow(['Nội dung', 'Tổng số', ...COUNT_COLS.map((k) => OUTCOME_TEXT[k])]));
  const counts = (label: string, c: Counts) => sum.addRow([label, c.total, ...COUNT_COLS.map((k) => c[k])]);
  counts('Tổng số nhiệm vụ', r.summary).font = { bold: true };
  r.bySection.forEach((s) => counts(`${s.id}. ${s.title}`, s));
  sum.addRow([]);
  bold(sum.addRow(['Cơ quan chủ trì', 'Tổng số', ...COUNT_COLS.map((k) => OUTCOME_TEXT[k])]));
  r.byUnit.forEach((u) => counts(u.name, u));
  sum.columns.forEach((c, i) => (c.width = i === 0 ? 60 : 16));

  const tasks = wb.addWorksheet('Nhiệm vụ');
  bold(
    tasks.addRow([
      'Mã',
      'Mục',
      'Nhiệm vụ',
      'Sản phẩm',
      'Cơ quan chủ trì',
      'Thời gian thực hiện',
      'Kỳ',
      'Hạn',
      'Kết quả',
      'Ngày hoàn thành',
      'Tiến độ',
      'Minh chứng',
    ]),
  );
  for (const t of r.tasks) {
    tasks.addRow([
      t.id,
      t.section,
      t.content,
      t.product ?? '',
      t.lead.join('; '),
      t.deadline,
      t.period ?? '',
      t.due ? dmyText(t.due) : '',
      resultText(t),
      t.doneOn ? dmyText(t.doneOn) : '',
      t.note ?? '',
      t.evidence ?? '',
    ]);
  }
  [8, 6, 70, 30, 28, 24, 9, 12, 28, 14, 40, 24].forEach((w, i) => (tasks.getColumn(i + 1).width = w));
  tasks.getColumn(3).alignment = { wrapText: true, vertical: 'top' };

  const tg = wb.addWorksheet('Chỉ tiêu');
  bold(tg.addRow(['Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Đánh giá', 'Lý do']));
  r.targets.items.forEach((t) => tg.addRow([t.text, targetValue(t), t.actual ?? '', TARGET_TEXT[t.status], t.reason ?? '']));
  r.targets.notMeasured.forEach((t) => tg.addRow([t, '', '', TARGET_TEXT.not_measured, 'không đo được từ dữ liệu hồ sơ']));
  [60, 16, 12, 14, 50].forEach((w, i) => (tg.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
