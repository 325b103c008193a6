import { anyObject, arr, bool, date, instant, int, nullable, num, obj, oneOf, type Schema, str } from '../../common/schema.js';

/** The report routes' answers (OpenAPI response schemas), as indicators.service.ts, plan-report and index-766 build them. */
const rate = (what: string) => nullable(num(`${what}, phần trăm (2 chữ số thập phân); null khi mẫu số bằng 0`));

export const REPORT_SCHEMAS: Record<string, Schema> = {
  IndicatorRow: obj({
    key: str(),
    label: str(),
    received: obj({ total: int(), online: int(), direct: int(), postal: int(), carriedOver: int('kỳ trước chuyển sang') }),
    resolved: obj({ total: int(), early: int(), onTime: int(), late: int() }),
    inProgress: obj({ total: int(), withinDeadline: int(), overdue: int() }),
    withdrawn: int(),
    stopped: int(),
    apologies: obj({ required: int(), issuedOnTime: int() }),
    basis: anyObject('tử số và mẫu số của các tỷ lệ'),
    rates: obj({
      onTime: rate('đúng hạn'), online: rate('trực tuyến'), onlinePayment: rate('thanh toán trực tuyến'), digitised: rate('số hóa'),
      electronicResult: rate('kết quả điện tử'), dataReuse: rate('tái sử dụng dữ liệu'), satisfaction766: rate('hài lòng theo QĐ 766'),
      satisfactionRated: rate('hài lòng trên số đánh giá'),
    }),
  }),
  Indicators: obj({
    agency: nullable(str()), from: date(), to: date(), groupBy: oneOf(['agency', 'procedure', 'field', 'month', 'department']), source: oneOf(['rollup', 'live']),
    rows: arr({ $ref: '#/components/schemas/IndicatorRow' }), total: { $ref: '#/components/schemas/IndicatorRow' },
    feedback: obj({
      judged: int('phản ánh, kiến nghị đến hạn hoặc đã công khai trong kỳ'), onTime: int(), published: int(), dissatisfied: int(),
      rates: obj({ onTime: rate('xử lý đúng hạn'), answerSatisfaction: rate('hài lòng với trả lời') }),
    }),
    notTracked: arr(str('tỷ lệ chưa ghi nhận được dữ liệu')),
  }),
  IndicatorDossiers: obj({
    measure: str(), from: date(), to: date(), page: int(), pageSize: int(), total: int(),
    items: arr(obj({
      id: str(), code: str(), agencyCode: str(), procedure: obj({ code: str(), name: str() }), channel: str(), status: str(), receivedAt: instant(),
      dueAt: instant(), originalDueAt: instant(), resolvedAt: nullable(instant()), resultClass: nullable(str()),
    })),
  }),
  Form06Row: obj({
    stt: nullable(int('số thứ tự; null ở dòng tổng')), field: str('lĩnh vực'),
    c3: int('tổng số hồ sơ tiếp nhận'), c4: int('trực tuyến'), c5: int('trực tiếp và bưu chính'), c6: int('kỳ trước chuyển sang'),
    c7: int('đã giải quyết'), c8: int('trước hạn'), c9: int('đúng hạn'), c10: int('quá hạn'),
    c11: int('đang giải quyết'), c12: int('trong hạn'), c13: int('quá hạn'), withdrawn: int('rút hồ sơ'), stopped: int('dừng giải quyết'),
  }),
  Form06: obj({
    form: oneOf(['II.06a']), agency: str(), agencyName: str(), from: date(), to: date(),
    rows: arr({ $ref: '#/components/schemas/Form06Row' }),
    total: { $ref: '#/components/schemas/Form06Row' },
  }),
  PlanReport: obj({
    agency: str(), year: int(), asOf: date(),
    plans: arr(obj({
      plan: str(),
      reporting: anyObject('kỳ báo cáo và hạn nộp của kế hoạch'),
      targets: arr(obj(
        {
          indicator: str(), text: str('chỉ tiêu như kế hoạch ghi'), op: str(), target: nullable(num()), scope: nullable(str()), actual: nullable(num()),
          numerator: int(), denominator: int(), status: oneOf(['met', 'not_met', 'not_measured']), reason: nullable(str()),
          projection: nullable(obj({ yearEnd: nullable(num()), onTrack: bool() })),
        },
        ['numerator', 'denominator'],
      )),
      notMeasured: arr(anyObject('nhiệm vụ, chỉ tiêu không đo được từ dữ liệu hồ sơ, với lý do')),
      tasks: arr(anyObject('nhiệm vụ của kế hoạch')),
    })),
  }),
  Index766: obj({
    agency: nullable(str()), from: date(), to: date(),
    computed: obj({ points: num(), ofMax: int(), complete: bool() }),
    groups: arr(obj({
      id: str(), name: str(), max: int(), points: nullable(num()), computedMax: int(),
      items: arr(obj({
        id: str(), name: str(), max: int(), value: nullable(num()), points: nullable(num()), computed: bool(), formula: nullable(str()), source: str(), reason: nullable(str()),
      })),
    })),
  }),
  LateSteps: obj({
    from: date(), to: date(),
    units: arr(obj({ code: str(), name: str(), steps: int('bước hoàn thành trong kỳ'), late: int('trong đó trễ hạn'), lateRate: nullable(num('phần trăm')) })),
  }),
  Register: obj({
    form: oneOf(['07']), agency: str(), agencyName: str(), centre: nullable(str()), from: date(), to: date(),
    rows: arr(obj({
      id: str('mã định danh nội bộ của hồ sơ (để mở hồ sơ)'), stt: int(), code: str(), procedure: str(), sets: int('số bộ hồ sơ'), applicant: str(), contact: str('địa chỉ, số điện thoại'),
      decidingUnit: str('cơ quan, đơn vị chủ trì giải quyết'), receivedAt: instant(), appointment: instant('hẹn trả kết quả trên giấy tiếp nhận'),
      transferredAt: nullable(instant()), resultReceivedAt: nullable(instant()), returnedAt: nullable(instant()), note: str(),
    })),
  }),
  ReportRuns: obj({ items: arr(anyObject('một báo cáo định kỳ đã lập: kỳ, đơn vị, thời điểm')) }),
  ReportRun: anyObject('báo cáo định kỳ đã lập, với số liệu Biểu II.06a của kỳ'),
};
