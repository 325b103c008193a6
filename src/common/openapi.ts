import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DOSSIER_SCHEMAS } from '../modules/dossier/dossier.schemas.js';
import { FEEDBACK_SCHEMAS } from '../modules/feedback/feedback.schemas.js';
import { REPORT_SCHEMAS } from '../modules/reports/reports.schemas.js';
import { PLAN_SCHEMAS } from '../modules/plans/plans.schemas.js';
import { anyObject, arr, bool, date, instant, int, nullable, num, obj, oneOf, page, PUBLIC_EXTENSION, ref, type Schema, str } from './schema.js';

/** Answers shared by several features, and the error shape every route uses (api.md "Conventions"). */
const COMMON_SCHEMAS: Record<string, Schema> = {
  ErrorBody: obj({
    error: obj({
      code: str('mã lỗi, UPPER_SNAKE: VALIDATION_FAILED, NOT_FOUND, VERSION_CONFLICT, ACTION_NOT_ALLOWED…'),
      message: str('thông báo tiếng Việt cho người dùng'),
      details: anyObject('chi tiết: fields (400), status và allowedActions (409)…'),
    }),
  }),
  Agency: obj({
    code: str(),
    name: str(),
    level: oneOf(['province', 'commune', 'department']),
    kind: nullable(str()),
    parentCode: nullable(str()),
    provinceCode: str(),
    communeCode: nullable(str()),
    unitId: str(),
    unitIdConfirmed: bool(),
    calendar: str(),
    sessions: arr(str('HH:MM-HH:MM')),
  }),
  AgencyList: obj({ items: arr(ref('Agency')) }),
  DueDate: obj({ receivedAt: instant(), startAt: instant('thời điểm bắt đầu tính hạn'), dueAt: instant() }),
  ProcedureDocument: obj(
    {
      name: str(),
      form: oneOf(['original', 'certified_copy', 'copy']),
      count: int(),
      optional: bool('chỉ trong trường hợp nêu trong tên'),
      fromNationalDb: bool('có thể khai thác từ cơ sở dữ liệu quốc gia thay cho bản giấy'),
      note: str(),
    },
    ['optional', 'fromNationalDb', 'note'],
  ),
  ProcedureSummary: obj({
    code: str(),
    name: str(),
    field: str(),
    definitionVersion: int(),
    deadline: obj({ amount: num(), unit: oneOf(['working_days', 'working_hours', 'calendar_days', 'same_day']), cutoff: str('HH:MM'), text: str() }, [
      'cutoff',
    ]),
    fee: obj({ amount: int('đồng; 0 là miễn phí'), text: str() }),
    online: oneOf(['full', 'partial', 'none']),
    documents: arr(ref('ProcedureDocument')),
  }),
  ProcedureList: obj({ items: arr(ref('ProcedureSummary')) }),
  ProcedureDetail: {
    allOf: [
      ref('ProcedureSummary'),
      obj({
        decidedBy: str(),
        supplementClock: oneOf(['RESTART', 'PAUSE']),
        offeredBy: arr(str()),
        steps: arr(
          obj({ id: str(), name: str(), budget: num(), budgetUnit: str(), owner: obj({ kind: str(), agencyCode: nullable(str()), name: nullable(str()) }) }),
        ),
        extensions: arr(ref('ProcedureExtension')),
        source: anyObject('nguồn của từng số liệu, đã đối chiếu hay chưa'),
      }),
    ],
  },
  ProcedureExtension: obj({
    id: str(),
    case: str('trường hợp được kéo dài thời hạn, theo lời văn bản'),
    kind: oneOf(['add', 'total']),
    amount: num(),
    unit: oneOf(['working_days', 'working_hours', 'calendar_days']),
    decidedBy: str(),
    source: obj({ ref: str(), confirmed: bool() }),
  }),
  PublicProcedure: { allOf: [ref('ProcedureSummary'), obj({ decidedBy: str(), legalBasis: arr(str()) })] },
  LoginResult: obj({
    accessToken: str(),
    expiresIn: int('giây'),
    user: obj({ username: str(), fullName: str(), roles: arr(str()), agencyCode: nullable(str()) }),
  }),
  Me: obj({ id: str(), username: str(), fullName: str(), roles: arr(str()), agencyCode: nullable(str()) }),
  User: obj({ id: str(), username: str(), fullName: str(), roles: arr(str()), agencyCode: nullable(str()), active: bool(), createdAt: instant() }),
  UserPage: page(ref('User')),
  Health: obj({ status: oneOf(['ok', 'error']), checks: anyObject('database, redis: { status: up | down, detail }') }),
  Notification: obj({
    id: int(),
    dossierId: nullable(str()),
    agencyCode: str(),
    audience: str(),
    recipient: nullable(str()),
    channel: str(),
    kind: str(),
    subject: str(),
    body: str(),
    createdAt: instant(),
  }),
  NotificationPage: page(ref('Notification')),
  Calendars: obj({
    items: arr(
      obj({
        name: str(),
        years: arr(obj({ year: int(), note: nullable(str()), unconfirmed: int('số ngày chưa xác nhận'), days: arr(ref('CalendarDay')) })),
      }),
    ),
  }),
  CalendarDay: obj({ date: date(), type: oneOf(['holiday', 'day_off', 'working_day', 'announced']), name: str(), source: str(), confirmed: bool() }),
  CalendarProposal: obj({ name: str(), year: int(), proposed: arr(ref('CalendarDay')), current: nullable(arr(ref('CalendarDay'))) }),
  RuleSets: obj({
    inForce: str('bộ quy tắc áp dụng cho hồ sơ tiếp nhận hôm nay'),
    items: arr(anyObject('bộ quy tắc: mỗi tham số có value, source, confirmed')),
  }),
  Queues: obj({
    enabled: bool('có Redis: tác vụ chạy qua hàng đợi BullMQ'),
    board: nullable(str('địa chỉ bảng hàng đợi (bull-board) cho quản trị viên')),
    queues: arr(obj({ name: str(), label: str(), counts: nullable(obj({ waiting: int(), active: int(), delayed: int(), failed: int() })) })),
  }),
  ProcedureVersions: obj({
    code: str(),
    current: nullable(int('phiên bản trong tệp định nghĩa hiện hành')),
    items: arr(
      obj({
        version: int(),
        hash: str(),
        name: str(),
        publishedAt: instant(),
        deadline: anyObject('thời hạn giải quyết'),
        fee: anyObject('phí, lệ phí'),
        steps: arr(anyObject('bước xử lý nội bộ')),
      }),
    ),
  }),
  MyNotifications: obj({
    unread: int('số thông báo mới từ lần xem trước (tối đa 100)'),
    lastSeen: int('mã thông báo cuối cùng đã xem'),
    items: arr(
      obj({
        id: int(),
        dossierId: nullable(str()),
        agencyCode: nullable(str()),
        kind: str(),
        subject: str(),
        body: str(),
        createdAt: instant(),
        unread: bool(),
      }),
    ),
  }),
};

export const API_SCHEMAS: Record<string, Schema> = { ...COMMON_SCHEMAS, ...DOSSIER_SCHEMAS, ...FEEDBACK_SCHEMAS, ...REPORT_SCHEMAS, ...PLAN_SCHEMAS };

/** Errors particular to a route, beyond those every route of its kind can give. */
const SPECIFIC_ERRORS: Record<string, Record<string, string>> = {
  AuthController_login: { '401': 'Sai tên đăng nhập hoặc mật khẩu', '429': 'Đăng nhập sai quá nhiều lần; thử lại sau' },
  DossierController_create: { '409': 'Mã hồ sơ đã tồn tại (DOSSIER_CODE_TAKEN)' },
  DossierController_act: { '409': 'Phiên bản đã cũ (VERSION_CONFLICT) hoặc trạng thái không cho phép (ACTION_NOT_ALLOWED, kèm allowedActions)' },
  FeedbackController_act: { '409': 'Phiên bản đã cũ (VERSION_CONFLICT) hoặc trạng thái không cho phép (ACTION_NOT_ALLOWED)' },
  PublicDossierController_rate: { '403': 'Sai hoặc thiếu mã bí mật trên phiếu hẹn (RATING_SECRET_INVALID)', '409': 'Đã đánh giá, hoặc chưa trả kết quả' },
  PublicFeedbackController_rate: { '404': 'Không có phản ánh này', '409': 'Đã đánh giá, hoặc chưa công khai kết quả' },
  PublicFeedbackController_submit: { '429': 'Gửi quá nhiều phản ánh trong một giờ' },
  Open311Controller_create: { '429': 'Gửi quá nhiều phản ánh trong một giờ' },
  CalendarController_dueDate: { '422': 'Năm chưa có lịch nghỉ lễ (CALENDAR_YEAR_MISSING)' },
};

const error = (description: string, schema = 'ErrorBody') => ({ description, content: { 'application/json': { schema: ref(schema) } } });

/**
 * The API as OpenAPI 3 (served at /docs and /docs-json). Nest describes routes, parameters and request bodies from the
 * controllers and DTOs; summaries and answers come from each route's decorators. What is the same for every route is
 * added here once: the security (none on routes marked `@Public()`), the error answers each kind of route can give in
 * the API's error shape (GeoReport's list on /open311), and the shared schemas.
 */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Một Cửa API')
    .setDescription('Tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại Trung tâm Phục vụ hành chính công cấp xã.')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'Máy chủ này')
    .addBearerAuth()
    .build();
  return completeDocument(SwaggerModule.createDocument(app, config));
}

export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...API_SCHEMAS } };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const ext = op as unknown as Record<string, unknown>;
      const isPublic = ext[PUBLIC_EXTENSION] === true;
      delete ext[PUBLIC_EXTENSION];
      op.security = isPublic ? [] : [{ bearer: [] }];
      const schema = path.startsWith('/open311/') ? 'Open311Errors' : 'ErrorBody';
      const has = (what: string) => (op.parameters ?? []).some((p) => 'in' in p && p.in === what);
      const responses = op.responses;
      const add = (status: string, description: string) => {
        if (!responses[status]) responses[status] = error(description, schema);
      };
      // Any request can be refused by the HTTP parser (400, in the API's shape); those with input also by validation.
      add('400', has('query') || has('path') || op.requestBody ? 'Dữ liệu không hợp lệ (details.fields nêu từng trường)' : 'Yêu cầu HTTP không hợp lệ');
      for (const [status, description] of Object.entries(SPECIFIC_ERRORS[op.operationId ?? ''] ?? {})) add(status, description);
      // The health check answers its own shape when a dependency is down, so an orchestrator can read which.
      if (op.operationId === 'HealthController_health') {
        responses['503'] = { description: 'Một dịch vụ (cơ sở dữ liệu, Redis) không trả lời', content: { 'application/json': { schema: ref('Health') } } };
      }
      if (!isPublic) {
        add('401', 'Chưa đăng nhập hoặc phiên đã hết hạn');
        add('403', 'Vai trò hoặc đơn vị không được phép');
      }
      if (has('path')) add('404', 'Không tìm thấy (kể cả hồ sơ của đơn vị khác)');
      if (op.requestBody) {
        add('413', 'Nội dung gửi lên quá lớn');
        add('415', 'Kiểu nội dung không được hỗ trợ');
      }
    }
  }
  return doc;
}
