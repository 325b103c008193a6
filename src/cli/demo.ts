/* eslint-disable no-console -- a command-line tool: the printed passwords are its output */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { exitOnKnownError, loadStartupInputs } from '../bootstrap.js';
import { Db } from '../database/db.js';
import { AgencyDirectory } from '../modules/agency/agency-directory.js';
import type { DepartmentKind } from '../modules/agency/agency.schema.js';
import { Scope } from '../modules/agency/scope.js';
import type { AuthUser } from '../modules/auth/auth-user.js';
import { CalendarService } from '../modules/calendar/calendar.service.js';
import { formatVn } from '../modules/calendar/vn-time.js';
import { DossierImportService } from '../modules/dossier/dossier-import.service.js';
import type { Role } from '../modules/users/user.entity.js';
import { UsersService } from '../modules/users/users.service.js';

/**
 * Loads the demo: agencies and catalog (from WORKFLOWS_DIR, as every start does) and one account per role
 * per demo commune, plus a province viewer per province. Passwords are new on every run and printed once.
 */
const password = (): string => 'Mc-' + randomBytes(6).toString('base64url');
const generatedAdmin = process.env.ADMIN_PASSWORD ? undefined : password();
const { config, workflows } = loadStartupInputs({ ...process.env, ADMIN_PASSWORD: process.env.ADMIN_PASSWORD || generatedAdmin });

const ROLE_PLACES: { role: Role; suffix: string; label: string; at: DepartmentKind | 'commune' }[] = [
  { role: 'admin', suffix: 'quantri', label: 'Quản trị xã', at: 'commune' },
  { role: 'reception', suffix: 'tiepnhan', label: 'Cán bộ tiếp nhận', at: 'centre' },
  { role: 'specialist', suffix: 'chuyenvien', label: 'Chuyên viên thụ lý (Văn phòng)', at: 'office' },
  { role: 'specialist', suffix: 'kinhte', label: 'Chuyên viên Phòng Kinh tế', at: 'economy' },
  { role: 'specialist', suffix: 'vanhoa', label: 'Chuyên viên Phòng Văn hóa – Xã hội', at: 'culture_social' },
  { role: 'specialist', suffix: 'congan', label: 'Cán bộ Công an xã', at: 'police' },
  { role: 'leader', suffix: 'truongcongan', label: 'Trưởng Công an xã', at: 'police' },
  { role: 'leader', suffix: 'lanhdao', label: 'Lãnh đạo phê duyệt', at: 'leadership' },
  { role: 'manager', suffix: 'quanly', label: 'Phụ trách Trung tâm', at: 'centre' },
  { role: 'importer', suffix: 'nhaplieu', label: 'Nhập dữ liệu lịch sử', at: 'commune' },
];

/**
 * A few dossiers per commune in different states (on track, due soon, late, returned), received over the last
 * working days, replayed through the import so their deadlines are real. Loaded once per database.
 */
async function loadDemoDossiers(app: INestApplicationContext, directory: AgencyDirectory): Promise<number> {
  const db = app.get(Db);
  const [{ n }] = await db.read((em) => em.query('SELECT count(*)::int AS n FROM dossier'));
  if (n > 0) return 0;
  const [admin] = await db.read((em) => em.query(`SELECT id FROM app_user WHERE username = 'admin'`));
  const actor: AuthUser = { id: admin.id, username: 'admin', fullName: 'Dữ liệu mẫu', roles: ['admin'], agencyCode: null, scope: Scope.everything() };
  const cal = app.get(CalendarService);
  const now = Date.now();
  const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Vũ Thị Giang'];
  const items: Record<string, unknown>[] = [];
  for (const commune of directory.communes()) {
    const c = cal.forAgency(commune.code);
    // An instant `days` working days before now, at the same time of day (moved into working time).
    const ago = (days: number, hours = 0): string => formatVn(c.fromOrdinal(Math.max(1, c.ordinal(now) - Math.round((days * 8 + hours) * 3600_000))));
    const base = (i: number, procedureCode: string, channel: string) => ({
      procedureCode, agencyCode: commune.code, channel,
      applicant: { fullName: names[i % names.length], idNumber: String(20090000000 + i * 7919).padStart(12, '0') },
      documents: [{ name: 'Tờ khai theo mẫu', form: 'original', count: 1 }],
    });
    items.push(
      { ...base(0, '1.004873', 'online'), receivedAt: ago(0.5), events: [{ action: 'complete_step', at: ago(0.4) }] },
      { ...base(1, '1.001776', 'direct'), receivedAt: ago(9), events: [{ action: 'complete_step', at: ago(8.8) }] },
      { ...base(2, '1.004873', 'direct'), receivedAt: ago(5), events: [{ action: 'complete_step', at: ago(4.8) }] },
      {
        ...base(3, '2.000575', 'online'), receivedAt: ago(6),
        events: [
          { action: 'complete_step', at: ago(5.9) }, { action: 'complete_step', at: ago(5) },
          { action: 'approve', at: ago(4.5), outcome: 'issued', electronic: true }, { action: 'complete_step', at: ago(4.4) },
          { action: 'return_result', at: ago(4) },
        ],
      },
      { ...base(4, '1.009994', 'postal'), receivedAt: ago(3), events: [{ action: 'complete_step', at: ago(2.9) }, { action: 'request_supplement', at: ago(2), items: ['Bản vẽ thiết kế có chữ ký'] }] },
    );
  }
  const result = await app.get(DossierImportService).import(actor, items);
  const logger = new Logger('Demo');
  for (const f of result.failed) logger.warn(`Hồ sơ mẫu ${f.index} không nạp được: ${f.error.message}`);
  return result.imported;
}

const slug = (code: string): string => code.split('.').pop()!.toLowerCase();

try {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, workflows }), { logger: ['warn', 'error'], abortOnError: false });
  const db = app.get(Db);
  const users = app.get(UsersService);
  const directory = app.get(AgencyDirectory);
  const rows: [string, string, string, string][] = [];
  await db.tx(async (em) => {
    if (generatedAdmin) {
      await users.upsertSystemUser(em, { username: 'admin', fullName: 'Quản trị hệ thống', password: generatedAdmin, roles: ['admin'], agencyCode: null }, true);
      rows.push(['admin', generatedAdmin, 'admin', '(toàn hệ thống)']);
    } else {
      rows.push(['admin', '(ADMIN_PASSWORD)', 'admin', '(toàn hệ thống)']);
    }
    for (const province of directory.agencies.filter((a) => a.level === 'province')) {
      const username = `${slug(province.code)}.tinh`;
      const pw = password();
      await users.upsertSystemUser(em, { username, fullName: `Theo dõi cấp tỉnh (${province.name})`, password: pw, roles: ['province_viewer'], agencyCode: province.code }, true);
      rows.push([username, pw, 'province_viewer', province.code]);
    }
    for (const commune of directory.communes()) {
      for (const p of ROLE_PLACES) {
        const agencyCode = p.at === 'commune' ? commune.code : directory.departmentOfKind(commune.code, p.at)?.code ?? commune.code;
        const username = `${slug(commune.code)}.${p.suffix}`;
        const pw = password();
        await users.upsertSystemUser(em, { username, fullName: `${p.label} — ${commune.name}`, password: pw, roles: [p.role], agencyCode }, true);
        rows.push([username, pw, p.role, agencyCode]);
      }
    }
    await em.query(`INSERT INTO app_meta (key, value) VALUES ('demo_loaded', now()::text) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
  });
  const dossiers = await loadDemoDossiers(app, directory);
  await app.close();
  console.log(`\nĐã nạp dữ liệu mẫu: ${directory.agencies.length} cơ quan, ${workflows.procedures.length} thủ tục, ${rows.length} tài khoản, ${dossiers} hồ sơ mẫu.`);
  console.log('Mật khẩu chỉ hiện một lần; chạy lại "npm run demo" để cấp mật khẩu mới.\n');
  const w = [22, 16, 16];
  console.log(['Tên đăng nhập'.padEnd(w[0]), 'Mật khẩu'.padEnd(w[1]), 'Vai trò'.padEnd(w[2]), 'Cơ quan'].join(' '));
  for (const r of rows) console.log([r[0].padEnd(w[0]), r[1].padEnd(w[1]), r[2].padEnd(w[2]), r[3]].join(' '));
  console.log(`\nChạy máy chủ: npm start → http://localhost:${config.port}/docs`);
} catch (e) {
  exitOnKnownError(e);
}
