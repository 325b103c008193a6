/* eslint-disable no-console -- a command-line tool: the printed passwords are its output */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { exitOnKnownError, loadStartupInputs } from '../bootstrap.js';
import { Db } from '../database/db.js';
import { AgencyDirectory } from '../modules/agency/agency-directory.js';
import type { DepartmentKind } from '../modules/agency/agency.schema.js';
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
  { role: 'specialist', suffix: 'chuyenvien', label: 'Chuyên viên thụ lý', at: 'office' },
  { role: 'leader', suffix: 'lanhdao', label: 'Lãnh đạo phê duyệt', at: 'leadership' },
  { role: 'manager', suffix: 'quanly', label: 'Phụ trách Trung tâm', at: 'centre' },
  { role: 'importer', suffix: 'nhaplieu', label: 'Nhập dữ liệu lịch sử', at: 'commune' },
];

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
  await app.close();
  console.log(`\nĐã nạp dữ liệu mẫu: ${directory.agencies.length} cơ quan, ${workflows.procedures.length} thủ tục, ${rows.length} tài khoản.`);
  console.log('Mật khẩu chỉ hiện một lần; chạy lại "npm run demo" để cấp mật khẩu mới.\n');
  const w = [22, 16, 16];
  console.log(['Tên đăng nhập'.padEnd(w[0]), 'Mật khẩu'.padEnd(w[1]), 'Vai trò'.padEnd(w[2]), 'Cơ quan'].join(' '));
  for (const r of rows) console.log([r[0].padEnd(w[0]), r[1].padEnd(w[1]), r[2].padEnd(w[2]), r[3]].join(' '));
  console.log(`\nChạy máy chủ: npm start → http://localhost:${config.port}/docs`);
} catch (e) {
  exitOnKnownError(e);
}
