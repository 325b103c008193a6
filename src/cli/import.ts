/* eslint-disable no-console -- a command-line tool: its progress and summary are its output */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { type ImportItem, readItems } from './import-rows.js';

/**
 * `npm run import -- <file.ndjson|.csv|.xlsx>`: streams a history file through the import API in batches, with a
 * progress bar, and writes the rows it rejected (with why) to `<file>.rejected.ndjson`. The server's address and an
 * account with the importer (or admin) role come from MC_URL (default http://localhost:3000), MC_USERNAME and
 * MC_PASSWORD (or MC_TOKEN).
 */
const file = process.argv[2];
if (!file) {
  console.error('Cách dùng: npm run import -- <tệp .ndjson | .csv | .xlsx>   (MC_URL, MC_USERNAME, MC_PASSWORD)');
  process.exit(1);
}
const base = (process.env.MC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const BATCH = Math.max(1, Math.min(10_000, Number(process.env.MC_IMPORT_BATCH ?? 200)));
const rejectedFile = `${file}.rejected.ndjson`;

async function token(): Promise<string> {
  if (process.env.MC_TOKEN) return process.env.MC_TOKEN;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: process.env.MC_USERNAME, password: process.env.MC_PASSWORD }),
  });
  if (!res.ok) throw new Error(`đăng nhập ${base} thất bại (${res.status}): đặt MC_USERNAME và MC_PASSWORD của tài khoản nhập liệu`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

interface ImportAnswer {
  imported: number;
  skipped: string[];
  failed: { index: number; code: string | null; error: { code: string; message: string } }[];
}

async function send(auth: string, batch: { item: unknown; line: number }[]): Promise<ImportAnswer> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/api/v1/import/dossiers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${auth}` },
      body: JSON.stringify(batch.map((b) => b.item)),
    });
    // A busy or restarting server: wait as it says, then the same batch again (already imported codes are skipped).
    if ((res.status === 429 || res.status === 503) && attempt < 10) {
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 5) * 1000));
      continue;
    }
    const body = (await res.json()) as ImportAnswer & { error?: { message: string } };
    if (!res.ok) throw new Error(`máy chủ trả ${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
    return body;
  }
}

try {
  const auth = await token();
  writeFileSync(rejectedFile, '');
  const bar = new SingleBar(
    { format: 'Nhập hồ sơ |{bar}| {value} hồ sơ — nhập {imported}, bỏ qua {skipped}, lỗi {failed}', hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(0, 0, { imported: 0, skipped: 0, failed: 0 });
  const totals = { read: 0, imported: 0, skipped: 0, failed: 0 };
  let batch: { item: unknown; line: number }[] = [];
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const answer = await send(auth, batch);
    totals.imported += answer.imported;
    totals.skipped += answer.skipped.length;
    totals.failed += answer.failed.length;
    for (const f of answer.failed) {
      const { item, line } = batch[f.index];
      appendFileSync(rejectedFile, JSON.stringify({ line, code: f.code ?? (item as ImportItem).code ?? null, error: f.error, item }) + '\n');
    }
    batch = [];
    bar.setTotal(totals.read);
    bar.update(totals.read, totals);
  };
  for await (const entry of readItems(file)) {
    batch.push(entry);
    totals.read++;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  bar.stop();
  console.log(`Đọc ${totals.read} hồ sơ: nhập ${totals.imported}, đã có (bỏ qua) ${totals.skipped}, lỗi ${totals.failed}.`);
  if (totals.failed) console.log(`Các dòng bị từ chối và lý do: ${rejectedFile}`);
  process.exit(totals.failed ? 2 : 0);
} catch (e) {
  console.error(`Nhập thất bại: ${(e as Error).message}`);
  process.exit(1);
}
