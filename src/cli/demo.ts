/* eslint-disable no-console -- a command-line tool: the printed passwords are its output */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
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
import { DossierImportService } from '../modules/dossier/dossier-import.service.js';
import { DossierQueryService } from '../modules/dossier/dossier-query.service.js';
import { FeedbackService } from '../modules/feedback/feedback.service.js';
import { loadDemoPlanProgress } from './demo-plans.js';
import { rng } from '../common/rng.js';
import { demoDossiers, personName } from './demo-data.js';
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
 * Three weeks of a commune's dossiers (demo-data.ts), replayed through the history import so their deadlines are
 * real, then the ratings citizens gave with their receipts' secrets. Loaded once per database.
 */
async function loadDemoDossiers(app: INestApplicationContext, directory: AgencyDirectory): Promise<number> {
  const db = app.get(Db);
  const [{ n }] = await db.read((em) => em.query('SELECT count(*)::int AS n FROM dossier'));
  if (n > 0) return 0;
  const cal = app.get(CalendarService);
  const now = Date.now();
  let imported = 0;
  const communes = directory.communes();
  for (const [i, commune] of communes.entries()) {
    const offered = workflows.procedures.filter((p) => p.offeredBy.includes(commune.code)).map((p) => p.definition);
    const demo = demoDossiers(commune, 1000 + i, offered, cal.forAgency(commune.code), now);
    const result = await app.get(DossierImportService).import(
      demoActor(),
      demo.map((d) => d.item),
    );
    for (const f of result.failed) logger.warn(`${commune.name}: hồ sơ mẫu ${f.index} không nạp được: ${f.error.message}`);
    imported += result.imported;
    // Ratings go through the public route's own rule: the receipt's secret.
    const rows: { code: string; applicant_id_number: string; tracking_secret: string }[] = await db.read((em) =>
      em.query('SELECT code, applicant_id_number, tracking_secret FROM dossier WHERE agency_code = $1', [commune.code]),
    );
    const queries = app.get(DossierQueryService);
    for (const d of demo) {
      const row = rows.find((r) => r.applicant_id_number === (d.item.applicant as { idNumber: string }).idNumber);
      if (row && d.rating) {
        await queries.rate(row.code, {
          level: d.rating,
          secret: row.tracking_secret,
          comment: d.rating === 'dissatisfied' ? 'Phải đi lại nhiều lần.' : undefined,
        });
      }
    }
    progress(`${i + 1}/${communes.length} ${commune.name}: ${result.imported} hồ sơ`);
  }
  return imported;
}

/** Feedback items in every state of the process, per commune: received, classified, forwarded, answered, published, out of scope. */
async function loadDemoFeedback(app: INestApplicationContext, directory: AgencyDirectory): Promise<number> {
  const db = app.get(Db);
  const [{ n }] = await db.read((em) => em.query('SELECT count(*)::int AS n FROM feedback'));
  if (n > 0) return 0;
  const service = app.get(FeedbackService);
  const actor = demoActor();
  const items = [
    {
      subject: 'Hỏi về giấy tờ đăng ký khai sinh',
      body: 'Con tôi sinh ở bệnh viện tỉnh, xin hỏi có cần bản sao giấy chứng nhận kết hôn không?',
      about: 'regulation',
      to: 'received',
    },
    {
      subject: 'Hồ sơ chứng thực chậm',
      body: 'Tôi nộp hồ sơ chứng thực từ sáng nhưng chiều vẫn chưa có kết quả như đã hẹn.',
      about: 'dossier_handling',
      to: 'classified',
    },
    {
      subject: 'Đề nghị thêm ghế chờ tại Trung tâm',
      body: 'Buổi sáng thứ Hai người đến nộp hồ sơ đông, không đủ ghế ngồi chờ, đề nghị bố trí thêm.',
      about: 'other',
      to: 'forwarded',
    },
    {
      subject: 'Thời hạn cấp giấy phép xây dựng',
      body: 'Đề nghị cho biết thời hạn cấp giấy phép xây dựng nhà ở riêng lẻ và các giấy tờ cần nộp.',
      about: 'regulation',
      to: 'answered',
    },
    {
      subject: 'Cán bộ hướng dẫn tận tình',
      body: 'Tôi cảm ơn cán bộ tiếp nhận đã hướng dẫn tôi khai hồ sơ trực tuyến, đề nghị công khai quy trình này.',
      about: 'other',
      to: 'published',
    },
    {
      subject: 'Tranh chấp ranh giới đất với hàng xóm',
      body: 'Tôi muốn khiếu nại việc hàng xóm lấn chiếm đất nhà tôi từ nhiều năm nay.',
      about: 'other',
      to: 'out_of_scope',
    },
  ] as const;
  const order = ['classified', 'forwarded', 'answered', 'published'];
  let count = 0;
  for (const [i, commune] of directory.communes().entries()) {
    const r = rng(2000 + i);
    const unit = directory.departmentOfKind(commune.code, 'office');
    for (const it of items) {
      const sender = personName(r);
      try {
        let f: { id: string; version: number } = await service.createByStaff(
          actor,
          { agencyCode: commune.code, sender: { fullName: sender.fullName }, subject: it.subject, body: it.body, about: it.about },
          'in_person',
        );
        const step = async (dto: Record<string, unknown>) => {
          const v = await service.act(actor, f.id, { expectedVersion: f.version, ...dto } as never);
          f = { id: f.id, version: (v as { version: number }).version };
        };
        if (it.to === 'out_of_scope') {
          await step({
            action: 'classify',
            inScope: false,
            reason: 'Nội dung là tranh chấp đất đai: đề nghị ông/bà nộp đơn yêu cầu hòa giải tại UBND xã theo thủ tục hòa giải tranh chấp đất đai.',
          });
        }
        const upTo = order.indexOf(it.to);
        if (upTo >= 0) await step({ action: 'classify', inScope: true });
        if (upTo >= 1) await step({ action: 'forward', unitCode: unit?.code });
        if (upTo >= 2) {
          await step({
            action: 'answer',
            answer: 'Trung tâm đã tiếp thu và sẽ niêm yết công khai quy trình, thời hạn và thành phần hồ sơ tại quầy và trên trang tra cứu.',
          });
        }
        if (upTo >= 3) await step({ action: 'publish' });
        count++;
      } catch (e) {
        logger.warn(`${commune.name}: phản ánh mẫu "${it.subject}" không nạp được: ${(e as Error).message}`);
      }
    }
  }
  return count;
}

const demoActor = (): AuthUser => ({
  id: demoAdminId,
  username: 'admin',
  fullName: 'Dữ liệu mẫu',
  roles: ['admin', 'reception', 'specialist', 'leader', 'manager'],
  agencyCode: null,
  scope: Scope.everything(),
});
let demoAdminId = '';
const logger = new Logger('Demo');
/** Progress on the terminal (the application's logger prints warnings only here). */
const progress = (text: string): void => void process.stdout.write(text + '\n');

/** The address a phone on the same network can open (the receipts' QR links), else this machine's own name. */
function lanBaseUrl(port: number): string {
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return `http://${lan?.address ?? 'localhost'}:${port}`;
}

const slug = (code: string): string => code.split('.').pop()!.toLowerCase();

try {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, workflows }), { logger: ['warn', 'error'], abortOnError: false });
  const db = app.get(Db);
  const users = app.get(UsersService);
  const directory = app.get(AgencyDirectory);
  const rows: [string, string, string, string, string][] = [];
  progress('Đang tạo tài khoản…');
  await db.tx(async (em) => {
    if (generatedAdmin) {
      await users.upsertSystemUser(
        em,
        { username: 'admin', fullName: 'Quản trị hệ thống', password: generatedAdmin, roles: ['admin'], agencyCode: null },
        true,
      );
      rows.push(['admin', generatedAdmin, 'admin', '(toàn hệ thống)', 'Quản trị hệ thống']);
    } else {
      rows.push(['admin', '(ADMIN_PASSWORD)', 'admin', '(toàn hệ thống)', 'Quản trị hệ thống']);
    }
    for (const [i, province] of directory.agencies.filter((a) => a.level === 'province').entries()) {
      const username = `${slug(province.code)}.tinh`;
      const pw = password();
      const fullName = personName(rng(500 + i)).fullName;
      await users.upsertSystemUser(em, { username, fullName, password: pw, roles: ['province_viewer'], agencyCode: province.code }, true);
      rows.push([username, pw, 'province_viewer', province.code, fullName]);
    }
    for (const [i, commune] of directory.communes().entries()) {
      // Staff have person names: the signer's name prints on the forms.
      const names = rng(3000 + i);
      for (const p of ROLE_PLACES) {
        const agencyCode = p.at === 'commune' ? commune.code : (directory.departmentOfKind(commune.code, p.at)?.code ?? commune.code);
        const username = `${slug(commune.code)}.${p.suffix}`;
        const pw = password();
        const fullName = p.role === 'importer' ? `Nhập dữ liệu — ${commune.name}` : personName(names).fullName;
        await users.upsertSystemUser(em, { username, fullName, password: pw, roles: [p.role], agencyCode }, true);
        rows.push([username, pw, p.role, agencyCode, `${fullName} (${p.label})`]);
      }
    }
    await em.query(`INSERT INTO app_meta (key, value) VALUES ('demo_loaded', now()::text) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
  });
  const [admin] = await db.read((em) => em.query(`SELECT id FROM app_user WHERE username = 'admin'`));
  demoAdminId = admin.id;
  progress('Đang nạp hồ sơ mẫu…');
  const dossiers = await loadDemoDossiers(app, directory);
  progress('Đang nạp phản ánh, kiến nghị mẫu…');
  const feedback = await loadDemoFeedback(app, directory);
  progress('Đang ghi tiến độ mẫu của kế hoạch CCHC…');
  const planEntries = await loadDemoPlanProgress(app, directory, demoAdminId);
  await app.close();
  // The receipts' QR links must open on a citizen's phone: the server uses this address unless PUBLIC_BASE_URL says otherwise.
  const base = process.env.PUBLIC_BASE_URL?.replace(/\/+$/, '') || lanBaseUrl(config.port);
  if (config.embedded) writeFileSync(join(config.dataDir, 'public-base-url'), base + '\n');
  console.log(
    `\nĐã nạp dữ liệu mẫu: ${directory.agencies.length} cơ quan, ${workflows.procedures.length} thủ tục, ${rows.length} tài khoản, ` +
      `${dossiers} hồ sơ mẫu, ${feedback} phản ánh mẫu, ${planEntries} lần cập nhật tiến độ kế hoạch CCHC.`,
  );
  console.log('Mật khẩu chỉ hiện một lần; chạy lại "npm run demo" để cấp mật khẩu mới.\n');
  const w = [22, 16, 16, 22];
  const line = (r: string[]) => console.log([r[0].padEnd(w[0]), r[1].padEnd(w[1]), r[2].padEnd(w[2]), r[3].padEnd(w[3]), r[4]].join(' '));
  const first = slug(directory.communes()[0].code);
  console.log(`Một tài khoản cho mỗi vai trò (${directory.communes()[0].name}):`);
  line(['Tên đăng nhập', 'Mật khẩu', 'Vai trò', 'Cơ quan', 'Họ tên']);
  const seen = new Set<string>();
  for (const r of rows) {
    const summary =
      r[0] === 'admin' || r[2] === 'province_viewer' || ['tiepnhan', 'chuyenvien', 'lanhdao', 'quanly', 'nhaplieu'].some((x) => r[0] === `${first}.${x}`);
    if (summary && !seen.has(r[2])) {
      seen.add(r[2]);
      line(r);
    }
  }
  console.log('\nTất cả tài khoản:');
  for (const r of rows) line(r);
  console.log(`\nChạy máy chủ: npm start, rồi mở ${base} (trên máy này: http://localhost:${config.port}; tài liệu API: /docs).`);
  console.log(`Đường dẫn tra cứu in trên phiếu hẹn: ${base}/tra-cuu/<mã hồ sơ>`);
} catch (e) {
  exitOnKnownError(e);
}
