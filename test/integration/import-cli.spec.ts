import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/common/project-root.js';
import { historyDossier } from '../helpers/factories.js';
import { startServerProcess } from '../helpers/server-process.js';
import { ADMIN_PASSWORD, NO_RATE_LIMITS, onPostgres } from '../helpers/test-app.js';

const HEADER = ['code', 'procedureCode', 'agencyCode', 'channel', 'receivedAt', 'applicant.fullName', 'applicant.idNumber', 'action', 'at', 'outcome', 'note'];
const rowsOf = (code: string, day: string) => [
  [
    code,
    '1.004873',
    'LS.LOCBINH',
    'direct',
    `${day}T08:00:00+07:00`,
    'Lê Thị Hoa',
    '020090007777',
    'complete_step',
    `${day}T09:00:00+07:00`,
    '',
    'Chuyển thụ lý',
  ],
  [code, '1.004873', 'LS.LOCBINH', 'direct', `${day}T08:00:00+07:00`, 'Lê Thị Hoa', '020090007777', 'complete_step', `${day}T10:00:00+07:00`, '', ''],
  [code, '1.004873', 'LS.LOCBINH', 'direct', `${day}T08:00:00+07:00`, 'Lê Thị Hoa', '020090007777', 'approve', `${day}T11:00:00+07:00`, 'issued', ''],
];

// The command talks HTTP to a built server; the server's mode does not change what it does, so one pass runs it.
describe.skipIf(onPostgres)('npm run import (history files through the import API)', () => {
  it('streams .ndjson, .csv and .xlsx in batches, writes the rejected rows with why, and skips what is already there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-import-'));
    const server = await startServerProcess({
      DATA_DIR: join(dir, 'data'),
      ADMIN_PASSWORD,
      DATABASE_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'error',
      ...NO_RATE_LIMITS,
    });
    try {
      const login = await (
        await fetch(`${server.base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
        })
      ).json();
      const env = { MC_URL: server.base, MC_TOKEN: login.accessToken, MC_IMPORT_BATCH: '2' };
      const run = (file: string) =>
        spawnSync(process.execPath, [join('.drill-dist', 'cli', 'import.js'), file], { cwd: projectRoot(), env: { ...process.env, ...env }, encoding: 'utf8' });

      const ndjson = join(dir, 'lich-su.ndjson');
      writeFileSync(
        ndjson,
        [
          JSON.stringify(
            historyDossier('000.21.37.H37-260302-8001', { receivedAt: '2026-03-02T08:00', events: [{ action: 'complete_step', at: '2026-03-02T09:00' }] }),
          ),
          JSON.stringify(historyDossier('000.21.37.H37-260302-8002', { receivedAt: '2026-03-02T08:00' })),
          '{ not json',
          JSON.stringify(historyDossier('000.21.37.H37-260302-8003', { receivedAt: 'yesterday' })),
          '',
        ].join('\n'),
      );
      let r = run(ndjson);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toContain('Đọc 4 hồ sơ: nhập 2, đã có (bỏ qua) 0, lỗi 2.');
      const rejected = readFileSync(`${ndjson}.rejected.ndjson`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rejected.map((x: { line: number }) => x.line)).toEqual([3, 4]);
      expect(rejected[1]).toMatchObject({ code: '000.21.37.H37-260302-8003', error: { code: 'VALIDATION_FAILED' } });
      // Again: nothing imported twice.
      r = run(ndjson);
      expect(r.stdout).toContain('nhập 0, đã có (bỏ qua) 2, lỗi 2.');

      const csv = join(dir, 'lich-su.csv');
      writeFileSync(
        csv,
        [HEADER, ...rowsOf('000.21.37.H37-260303-8101', '2026-03-03'), ...rowsOf('000.21.37.H37-260303-8102', '2026-03-03')]
          .map((l) => l.join(','))
          .join('\n') + '\n',
      );
      r = run(csv);
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain('Đọc 2 hồ sơ: nhập 2, đã có (bỏ qua) 0, lỗi 0.');

      const xlsx = join(dir, 'lich-su.xlsx');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Hồ sơ');
      for (const row of [HEADER, ...rowsOf('000.21.37.H37-260304-8201', '2026-03-04')]) ws.addRow(row);
      await wb.xlsx.writeFile(xlsx);
      r = run(xlsx);
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain('Đọc 1 hồ sơ: nhập 1');

      // What the CSV said is what was replayed: the result issued at 11:00, its hand-back to the centre still to come.
      const one = await (
        await fetch(`${server.base}/api/v1/dossiers?q=000.21.37.H37-260303-8101`, { headers: { Authorization: `Bearer ${login.accessToken}` } })
      ).json();
      expect(one.items).toHaveLength(1);
      expect({ status: one.items[0].status, outcome: one.items[0].outcome, resolvedAt: one.items[0].resolvedAt }).toEqual({
        status: 'processing',
        outcome: 'issued',
        resolvedAt: '2026-03-03T11:00:00+07:00',
      });
      expect(existsSync(`${csv}.rejected.ndjson`)).toBe(true);
    } finally {
      await server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
