import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { stringify } from 'yaml';
import { projectRoot } from '../src/common/project-root.js';
import { rng } from '../src/common/rng.js';
import { vnDate } from '../src/common/vn-time.js';
import { classifyFinish, WorkingCalendar } from '../src/modules/calendar/working-calendar.js';
import { contributions, type RollupBasis } from '../src/modules/reports/rollup.js';
import { ruleSetFor } from '../src/workflow-engine/rule-set.js';
import { loadWorkflows } from '../src/workflows/workflows-loader.js';
import { log } from './log.js';

/**
 * Report benchmark (issue 5): a generated province of 60 communes with 5,000,000 dossiers over two years (realistic
 * channels, procedures, lateness, withdrawals, ratings, payments), loaded with COPY together with their daily
 * rollups; then the indicator queries and the Biểu II.06a .xlsx are timed. Targets on PostgreSQL: commune-quarter
 * p50 ≤ 50 ms, province-year ≤ 500 ms, .xlsx for a province-year ≤ 2 s.
 */

const root = projectRoot();
const COMMUNES = 60;
const DAY = 86_400_000;

function benchWorkflows(): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-wf-'));
  cpSync(join(root, 'workflows'), dir, { recursive: true });
  rmSync(join(dir, 'plans'), { recursive: true, force: true });
  const kinds = [
    ['TTPVHCC', 'centre'],
    ['VP', 'office'],
    ['KT', 'economy'],
    ['VHXH', 'culture_social'],
    ['CA', 'police'],
    ['LD', 'leadership'],
  ];
  const communes = Array.from({ length: COMMUNES }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      code: `BN.X${n}`,
      name: `UBND xã Thử Nghiệm ${n}`,
      type: 'xa',
      unitId: `000.${n}.99.H99`,
      unitIdConfirmed: false,
      departments: kinds.map(([c, kind]) => ({ code: `BN.X${n}.${c}`, kind, name: `${c} xã Thử Nghiệm ${n}` })),
    };
  });
  const file = {
    defaults: { calendar: 'vn', sessions: ['07:00-11:30', '13:30-17:00'], cutoff: '15:00', hoursPerDay: 8 },
    provinces: [{ code: 'BN', name: 'UBND tỉnh Thử Nghiệm', unitId: '000.00.00.H99', unitIdConfirmed: false, communes }],
  };
  writeFileSync(join(dir, 'agencies.yaml'), stringify(file));
  return dir;
}

const csv = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : String(v);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
};

// Column lists read best packed.
// prettier-ignore
const DOSSIER_COLS = [
  'code', 'agency_code', 'receiving_agency_code', 'procedure_code', 'procedure_version', 'rule_set_id', 'channel', 'applicant', 'applicant_name', 'applicant_name_folded', 'applicant_id_number',
  'state', 'status', 'condition', 'clock', 'received_at', 'due_at', 'original_due_at', 'outcome', 'resolved_at', 'result_class', 'finished_at',
  'returned_at', 'online_payment', 'electronic_result', 'rating', 'apology_count', 'version', 'event_count', 'last_hash', 'rollup_basis', 'rollup_dirty',
];

async function generate(client: pg.Client, workflowsDir: string, total: number): Promise<void> {
  const wf = loadWorkflows(workflowsDir);
  const cal = new WorkingCalendar({ years: wf.calendars.get('vn')!, sessions: ['07:00-11:30', '13:30-17:00'], name: 'vn' });
  const procs = wf.procedures.map((p) => p.definition);
  // Birth and certification procedures dominate a commune's counter; building permits and disputes are rare.
  const weights = procs.map((p) => (p.code.startsWith('2.0008') ? 6 : p.code === '1.001193' ? 5 : p.deadline.unit === 'calendar_days' ? 0.5 : 2));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const now = Date.parse('2026-11-22T08:00:00+07:00');
  const startOrd = cal.ordinal(Date.parse('2025-01-02T07:00:00+07:00'));
  const endOrd = cal.ordinal(now);
  const rand = rng(20261122);
  const per = Math.ceil(total / COMMUNES);
  const hash = '0'.repeat(64);
  let written = 0;
  const t0 = performance.now();
  for (let ci = 0; ci < COMMUNES && written < total; ci++) {
    const commune = `BN.X${String(ci + 1).padStart(2, '0')}`;
    const unitId = `000.${String(ci + 1).padStart(2, '0')}.99.H99`;
    const rollup = new Map<string, number>();
    const lines: string[] = [];
    const count = Math.min(per, total - written);
    for (let i = 0; i < count; i++) {
      let pick = rand() * wsum;
      let pi = 0;
      while (pick > weights[pi]) pick -= weights[pi++];
      const p = procs[Math.min(pi, procs.length - 1)];
      const received = cal.fromOrdinal(startOrd + Math.floor(rand() * (endOrd - startOrd)));
      const channel = rand() < 0.55 ? 'online' : rand() < 0.93 ? 'direct' : 'postal';
      const due = cal.due(received, p.deadline.amount, p.deadline.unit, p.deadline.cutoff).dueAt;
      const ruleSet = ruleSetFor(wf.ruleSets, received);
      let status = 'processing';
      let resolved: number | null = null;
      let finished: number | null = null;
      let returned: number | null = null;
      let outcome: string | null = null;
      let resultClass: string | null = null;
      const age = now - received;
      const closedChance = age > 30 * DAY ? 0.995 : Math.min(0.95, age / (due - received + DAY));
      let apologyOnTime = false;
      if (rand() < closedChance) {
        const r = rand();
        if (r < 0.015) {
          status = 'withdrawn';
          finished = Math.min(now, received + Math.floor(rand() * Math.max(DAY, due - received)));
        } else if (r < 0.025) {
          status = 'stopped';
          finished = Math.min(now, received + Math.floor(rand() * Math.max(DAY, due - received)));
        } else {
          const lateness = rand();
          resolved =
            lateness < 0.6
              ? received + Math.floor(rand() * Math.max(3600_000, (due - received) * 0.7))
              : lateness < 0.97
                ? due - Math.floor(rand() * 3600_000 * 3)
                : due + DAY + Math.floor(rand() * 10 * DAY);
          resolved = Math.min(Math.max(resolved, received + 60_000), now);
          resultClass = classifyFinish(resolved, due, 'date');
          apologyOnTime = resultClass === 'late' && rand() < 0.8;
          outcome = rand() < 0.985 ? 'issued' : 'denied';
          returned = Math.min(now, resolved + Math.floor(rand() * 2 * DAY));
          finished = outcome === 'denied' ? resolved : returned;
          status = outcome === 'denied' ? 'denied' : 'returned';
        }
      }
      const pay = p.fee.amount > 0 && rand() < 0.7 ? rand() < 0.65 : null;
      const electronic = outcome === 'issued' && rand() < 0.5;
      const rating = status === 'returned' && rand() < 0.3 ? (rand() < 0.7 ? 'very_satisfied' : rand() < 0.83 ? 'satisfied' : 'dissatisfied') : null;
      const closed = resolved ?? finished;
      const basis: RollupBasis = {
        agency: commune,
        procedure: p.code,
        recvDay: vnDate(received),
        channel,
        pay,
        closeDay: closed === null ? null : vnDate(closed),
        resolveDay: resolved === null ? null : vnDate(resolved),
        resultClass: resultClass as RollupBasis['resultClass'],
        issuedElectronic: electronic,
        rating,
        dissatisfied766: rating === 'dissatisfied',
        finishKind: status === 'withdrawn' || status === 'stopped' ? status : null,
        finishDay: status === 'withdrawn' || status === 'stopped' ? vnDate(finished!) : null,
        finishOnTime:
          status === 'withdrawn' ? ruleSet.withdrawnCountsAs.value === 'on_time' : status === 'stopped' ? ruleSet.stoppedCountsAs.value === 'on_time' : false,
        dueDay: vnDate(due),
        waitingNow: false,
        apologyOnTime,
      };
      for (const [k, v] of contributions(basis)) rollup.set(`${p.code}|${k}`, (rollup.get(`${p.code}|${k}`) ?? 0) + v);
      const d = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
      // Generated rows carry the columns reports read, and the parts of the state the register (form 07) reads: the
      // steps with the reception's hand-over, apologies, the outcome and its dates; no machine snapshot.
      const handedOver = closed !== null || rand() < 0.8 ? received + 2 * 3600_000 : null;
      const state = {
        status,
        receivedAt: received,
        startAt: received,
        dueAt: apologyOnTime ? due + 5 * DAY : due,
        originalDueAt: due,
        clock: closed === null ? 'running' : 'stopped',
        steps: p.steps.map((st, k) => ({
          id: st.id,
          name: st.name,
          ownerKind: st.owner,
          ownerCode: `${commune}.${st.owner.toUpperCase()}`,
          budget: st.budget,
          finishedAt: k === 0 ? handedOver : null,
        })),
        apologies: apologyOnTime ? [{ at: due - DAY, reason: 'Cần xác minh thêm', previousDueAt: due, newDueAt: due + 5 * DAY, onTime: true }] : [],
        waits: [],
        outcome,
        reason: status === 'withdrawn' || status === 'stopped' ? 'Theo đề nghị của người nộp' : outcome === 'denied' ? 'Không đủ điều kiện' : null,
        electronicResult: electronic,
        resolvedAt: resolved,
        resultClass,
        returnedAt: status === 'returned' ? returned : null,
        finishedAt: finished,
        overdueAt: closed === null ? due : null,
      };
      lines.push(
        [
          `${unitId}-${vnDate(received).slice(2).replace(/-/g, '')}-${String(i + 1).padStart(7, '0')}`,
          commune,
          commune,
          p.code,
          p.definitionVersion,
          ruleSet.id,
          channel,
          '{"fullName":"Nguyễn Văn An","idNumber":"020090001234"}',
          'Nguyễn Văn An',
          'nguyen van an',
          '020090001234',
          JSON.stringify(state),
          status,
          'on_time',
          closed === null ? 'running' : 'stopped',
          d(received),
          d(due),
          d(due),
          outcome,
          d(resolved),
          resultClass,
          d(finished),
          d(returned),
          pay,
          electronic,
          rating,
          apologyOnTime ? 1 : 0,
          1,
          1,
          hash,
          JSON.stringify(basis),
          false,
        ]
          .map(csv)
          .join(',') + '\n',
      );
    }
    await pipeline(Readable.from(chunks(lines)), client.query(copyFrom(`COPY dossier (${DOSSIER_COLS.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
    const monthly = new Map<string, number>();
    for (const [k, n] of rollup) monthly.set(k.slice(0, -2) + '01', (monthly.get(k.slice(0, -2) + '01') ?? 0) + n);
    for (const [table, map] of [
      ['dossier_day', rollup],
      ['dossier_month', monthly],
    ] as const) {
      const rows = [...map]
        .filter(([, n]) => n !== 0)
        .map(([k, n]) => {
          const [proc, metric, day] = k.split('|');
          return `${commune},${proc},${day},${metric},${n}\n`;
        });
      const column = table === 'dossier_day' ? 'day' : 'month';
      await pipeline(
        Readable.from(chunks(rows)),
        client.query(copyFrom(`COPY ${table} (agency_code, procedure_code, ${column}, metric, n) FROM STDIN WITH (FORMAT csv)`)),
      );
    }
    written += count;
  }
  await client.query('ANALYZE dossier');
  await client.query('ANALYZE dossier_day');
  await client.query('ANALYZE dossier_month');
  log.log(
    `reports: generated ${written.toLocaleString('en')} dossiers in ${COMMUNES} communes over 2025-01 – 2026-11 with COPY in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

function* chunks(lines: string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += 5000) yield lines.slice(i, i + 5000).join('');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchReports(baseUrl: string): Promise<void> {
  const total = Number(process.env.BENCH_REPORT_DOSSIERS ?? 5_000_000);
  if (total <= 0) return;
  // BENCH_REPORTS_DB=<name> keeps the generated database (and reuses it when it exists): a developer timing a
  // change to the report queries generates the 5 M dossiers once.
  const kept = process.env.BENCH_REPORTS_DB;
  const name = kept ?? `mc_bench_reports_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = kept !== undefined && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [kept])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = '/' + name;
  const workflowsDir = benchWorkflows();
  const { loadConfig } = await import(join(root, 'dist/config/app-config.js'));
  const { loadWorkflows: loadDist } = await import(join(root, 'dist/workflows/workflows-loader.js'));
  const { AppModule } = await import(join(root, 'dist/app.module.js'));
  const { IndicatorsService } = await import(join(root, 'dist/modules/reports/indicators.service.js'));
  const { Index766Service } = await import(join(root, 'dist/modules/reports/index-766.service.js'));
  const { form06Xlsx, toForm06Row } = await import(join(root, 'dist/modules/reports/form-06a.js'));
  const { Scope } = await import(join(root, 'dist/modules/agency/scope.js'));
  const { RegisterService } = await import(join(root, 'dist/modules/reports/register.service.js'));
  const { form07Xlsx } = await import(join(root, 'dist/modules/reports/form-07.js'));
  const { NestFactory } = await import('@nestjs/core');
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url.toString(),
    WORKFLOWS_DIR: workflowsDir,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    REDIS_URL: '',
    ADMIN_PASSWORD: 'bench-admin-password',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, workflows: loadDist(config.workflowsDir) }), { logger: ['error'] });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    if (exists) {
      // Rows the previous run marked as changed (without changing them) are counted in the rollups already.
      await client.query('UPDATE dossier SET rollup_dirty = false WHERE rollup_dirty');
      log.log(`reports: reusing database ${name}`);
    } else await generate(client, workflowsDir, total);
    const svc = app.get(IndicatorsService);
    const actor = { id: '', username: 'bench', fullName: 'Bench', roles: ['admin'], agencyCode: null, scope: Scope.everything() };
    const time = async (f: () => Promise<unknown>): Promise<number> => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    for (const source of ['rollup', 'live'] as const) {
      const q: number[] = [];
      for (let i = 0; i < 21; i++) {
        const commune = `BN.X${String((i % COMMUNES) + 1).padStart(2, '0')}`;
        q.push(await time(() => svc.indicators(actor, { agency: commune, from: '2026-01-01', to: '2026-03-31', source })));
      }
      const y: number[] = [];
      for (let i = 0; i < 3; i++) {
        y.push(await time(() => svc.indicators(actor, { agency: 'BN', from: '2025-01-01', to: '2025-12-31', groupBy: 'agency', source })));
      }
      log.log(
        `reports (${source}): commune-quarter p50 ${median(q).toFixed(1)} ms (target ≤ 50); province-year (60 communes side by side) p50 ${median(y).toFixed(0)} ms (target ≤ 500)`,
      );
    }
    // The rollups written by the generator must give exactly the live figures.
    for (const [from, to] of [
      ['2025-01-01', '2025-12-31'],
      ['2026-02-10', '2026-05-20'],
    ]) {
      const live = await svc.indicators(actor, { agency: 'BN', from, to, groupBy: 'procedure', source: 'live' });
      const rolled = await svc.indicators(actor, { agency: 'BN', from, to, groupBy: 'procedure', source: 'rollup' });
      const same = JSON.stringify({ ...rolled, source: 'live' }) === JSON.stringify(live);
      log.log(`reports: rollup figures ${same ? 'identical to' : 'DIFFERENT FROM'} live ones for ${from} – ${to} by procedure`);
    }
    // The reports dashboard for the province-year with its default parameters: the calls its page makes at once
    // (communes side by side with the tiles' totals, trends by month, breakdowns by field and procedure, QĐ 766),
    // while 2,000 dossiers changed since the rollup job's last run (the default path adds them itself).
    const index766 = app.get(Index766Service);
    const year = { agency: 'BN', from: '2025-01-01', to: '2025-12-31' };
    const page: number[] = [];
    for (let i = 0; i < 5; i++) {
      await client.query(`UPDATE dossier SET rollup_dirty = true WHERE id IN (SELECT id FROM dossier TABLESAMPLE SYSTEM (0.1) LIMIT 2000)`);
      page.push(
        await time(() =>
          Promise.all([
            svc.indicators(actor, { ...year, groupBy: 'agency' }),
            svc.indicators(actor, { ...year, groupBy: 'month' }),
            svc.indicators(actor, { ...year, groupBy: 'field' }),
            svc.indicators(actor, { ...year, groupBy: 'procedure' }),
            index766.index(actor, year),
          ]),
        ),
      );
    }
    log.log(
      `reports: dashboard, province-year of ${(total / 1e6).toFixed(1)} M dossiers, default parameters — all its calls together p50 ${median(page).toFixed(0)} ms (target ≤ 1000)`,
    );
    const sameNow =
      JSON.stringify({ ...(await svc.indicators(actor, { ...year, groupBy: 'procedure' })), source: 'live' }) ===
      JSON.stringify(await svc.indicators(actor, { ...year, groupBy: 'procedure', source: 'live' }));
    log.log(`reports: default (rollup + pending changes) figures ${sameNow ? 'identical to' : 'DIFFERENT FROM'} live ones with dossiers pending`);
    const x = await time(async () => {
      const r = await svc.indicators(actor, { agency: 'BN', from: '2025-01-01', to: '2025-12-31', groupBy: 'field', source: 'rollup' });
      const rows = r.rows.map((row: unknown, i: number) => toForm06Row(i + 1, row));
      const header = {
        reportingUnit: 'UBND tỉnh Thử Nghiệm',
        recipient: 'Văn phòng Chính phủ',
        place: 'Thử Nghiệm',
        signedOn: '2026-01-05',
        from: r.from,
        to: r.to,
        rowTitle: 'Lĩnh vực',
      };
      await form06Xlsx(header, rows, toForm06Row(null, { ...r.total, label: 'Tổng số' }));
    });
    log.log(`reports: Biểu II.06a .xlsx for the province-year from rollups ${x.toFixed(0)} ms (target ≤ 2000)`);
    // Form 07 for a commune's month (about 3,600 dossiers here): the lines as JSON, and the workbook.
    const registers = app.get(RegisterService);
    const month = { agency: 'BN.X07', from: '2025-10-01', to: '2025-10-31' };
    let lines = 0;
    const reg: number[] = [];
    const regXlsx: number[] = [];
    for (let i = 0; i < 5; i++) {
      let r: { header: unknown; rows: unknown[] } | undefined;
      reg.push(await time(async () => (r = await registers.register(actor, month))));
      lines = r!.rows.length;
      regXlsx.push(await time(() => form07Xlsx(r!.header, r!.rows)));
    }
    log.log(
      `reports: form 07 register, a commune's month (${lines.toLocaleString('en')} dossiers): lines p50 ${median(reg).toFixed(0)} ms, .xlsx p50 ${median(regXlsx).toFixed(0)} ms more`,
    );
  } finally {
    await client.end();
    await app.close();
    if (kept === undefined) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(workflowsDir, { recursive: true, force: true });
  }
}
