import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';

/**
 * A history file's dossiers, as the import API takes them (`POST /api/v1/import/dossiers`):
 * - `.ndjson`: one dossier per line, already in the API's shape;
 * - `.csv` / `.xlsx`: one row per event, the dossier's columns repeated on each of its rows (a row without `action` is
 *   a reception alone), grouped by `code` in the order met. Columns: code, procedureCode, agencyCode,
 *   receivingAgencyCode, channel, receivedAt, applicant.fullName, applicant.idNumber, applicant.phone, applicant.email,
 *   applicant.address, subject, action, at, actor, note, outcome, reason, items (separated by ";"), amount, online,
 *   electronic, newDueAt, extension.
 */
export type ImportItem = Record<string, unknown> & { code?: string; events: Record<string, unknown>[] };

const EVENT_FIELDS = ['action', 'at', 'actor', 'note', 'outcome', 'reason', 'items', 'amount', 'online', 'electronic', 'newDueAt', 'extension'];

export async function* readItems(path: string): AsyncGenerator<{ item: unknown; line: number }> {
  if (/\.ndjson$/i.test(path) || /\.jsonl$/i.test(path)) {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      let item: unknown;
      try {
        item = JSON.parse(text);
      } catch {
        item = { __unreadable: text.slice(0, 200) };
      }
      yield { item, line };
    }
    return;
  }
  const rows = /\.csv$/i.test(path) ? await csvRows(path) : /\.xlsx$/i.test(path) ? xlsxRows(path) : null;
  if (!rows) throw new Error(`không đọc được "${path}": chỉ nhận .ndjson, .csv hoặc .xlsx`);
  let current: { item: ImportItem; line: number } | null = null;
  for await (const { row, line } of rows) {
    const code = String(row.code ?? '').trim();
    if (!current || (code && code !== current.item.code)) {
      if (current) yield current;
      current = { item: dossierOf(row), line };
    }
    const event = eventOf(row);
    if (event) current.item.events.push(event);
  }
  if (current) yield current;
}

function dossierOf(row: Record<string, string>): ImportItem {
  const item: ImportItem = { events: [] };
  const applicant: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '' || EVENT_FIELDS.includes(k)) continue;
    if (k.startsWith('applicant.')) applicant[k.slice('applicant.'.length)] = v;
    else item[k] = v;
  }
  item.applicant = applicant;
  return item;
}

function eventOf(row: Record<string, string>): Record<string, unknown> | null {
  if (!row.action) return null;
  const e: Record<string, unknown> = {};
  for (const k of EVENT_FIELDS) {
    const v = row[k];
    if (v === undefined || v === '') continue;
    if (k === 'items') {
      e.items = v
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean);
    } else if (k === 'amount') e.amount = Number(v);
    else if (k === 'online' || k === 'electronic') e[k] = /^(true|1|có|x)$/i.test(v);
    else e[k] = v;
  }
  return e;
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v).trim();
};

async function* fromWorksheetRows(rows: AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>): AsyncGenerator<{ row: Record<string, string>; line: number }> {
  let header: string[] | null = null;
  for await (const r of rows) {
    const values = (r.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (!header) {
      header = values;
      continue;
    }
    if (values.every((v) => v === '')) continue;
    yield { row: Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])), line: r.number };
  }
}

async function csvRows(path: string): Promise<AsyncGenerator<{ row: Record<string, string>; line: number }>> {
  const wb = new ExcelJS.Workbook();
  const ws = await wb.csv.readFile(path, { parserOptions: { delimiter: ',' }, map: (v: unknown) => v });
  const rows: ExcelJS.Row[] = [];
  ws.eachRow({ includeEmpty: false }, (r) => rows.push(r));
  return fromWorksheetRows(rows);
}

/** The first sheet, read as a stream: a history workbook may be larger than memory wants. */
async function* xlsxRows(path: string): AsyncGenerator<{ row: Record<string, string>; line: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore' });
  for await (const sheet of reader) {
    yield* fromWorksheetRows(sheet as unknown as AsyncIterable<ExcelJS.Row>);
    return;
  }
}
