import { arr, bool, date, int, nullable, obj, oneOf, type Schema, str } from '../../common/schema.js';

const STATUS = ['not_started', 'in_progress', 'done', 'overdue'] as const;
const OUTCOME = ['done_on_time', 'done_late', 'not_done', 'not_due', 'no_deadline'] as const;
const unit = obj({ key: str('khóa đơn vị trong kế hoạch'), name: str(), agency: nullable(str('mã cơ quan; null: đơn vị ngoài cây cơ quan')) });
const counts = { total: int(), ...Object.fromEntries(OUTCOME.map((o) => [o, int()])) };
const entry = obj({
  id: int(),
  period: nullable(str('kỳ: 2026-Q2 hoặc 2026; null: nhiệm vụ một lần')),
  kind: oneOf(['progress', 'done', 'reopen']),
  note: str(),
  evidenceRef: nullable(str('số, ký hiệu văn bản minh chứng')),
  evidenceFile: nullable(obj({ name: str(), type: str(), size: int() })),
  unit: nullable(str('đơn vị của người ghi')),
  authorName: str(),
  recordedAt: str(),
});
const taskFields = {
  id: str(),
  section: str(),
  content: str('nội dung như kế hoạch ghi'),
  product: nullable(str()),
  lead: arr(unit),
  cooperating: arr(unit),
  deadline: obj({ text: str('thời gian như kế hoạch ghi'), kind: oneOf(['by', 'recurring', 'ongoing', 'event', 'relative']), note: nullable(str()) }),
  periodKind: oneOf(['once', 'quarter', 'year']),
  assumed: nullable(str('phần văn bản bỏ trống và cách điền')),
  line: int('dòng trong văn bản kế hoạch'),
  current: obj({ period: nullable(str()), due: nullable(date()), status: oneOf(STATUS), doneOn: nullable(date()) }),
  instances: arr(obj({ period: nullable(str()), due: nullable(date()), status: oneOf(STATUS) }), 'các kỳ trong năm (nhiệm vụ định kỳ, thường xuyên)'),
  canRecord: bool('người dùng được cập nhật tiến độ'),
};

/** OpenAPI schemas of the plan's tasks (src/modules/plans). */
export const PLAN_SCHEMAS: Record<string, Schema> = {
  PlanTasks: obj({
    agency: str(),
    agencyName: str(),
    year: int(),
    today: date(),
    plan: nullable(
      obj({
        id: str(),
        title: str(),
        years: arr(int()),
        source: nullable(obj({ file: str(), part: oneOf(['appendix', 'body']) })),
        coordinator: nullable(obj({ key: str(), name: str() })),
        sections: arr(obj({ id: str(), title: str(), leadSource: nullable(str()) })),
        units: arr(unit),
      }),
    ),
    myUnits: arr(str()),
    tasks: arr(obj({ ...taskFields, lastEntry: nullable(entry), entries: int() })),
    summary: obj(Object.fromEntries(STATUS.map((s) => [s, int()]))),
  }),
  PlanTask: obj({ planId: str(), ...taskFields, entries: arr(entry), recorded: int('mã lần cập nhật vừa ghi') }, ['recorded']),
  PlanTaskReport: obj({
    agency: str(),
    agencyName: str(),
    province: str(),
    plan: obj({ id: str(), title: str() }),
    period: str(),
    periodLabel: str(),
    from: date(),
    to: date(),
    asOf: date(),
    summary: obj(counts),
    bySection: arr(obj({ id: str(), title: str(), ...counts })),
    byUnit: arr(obj({ key: str(), name: str(), ...counts })),
    tasks: arr(
      obj({
        id: str(),
        section: str(),
        content: str(),
        product: nullable(str()),
        lead: arr(str()),
        deadline: str(),
        period: nullable(str()),
        due: nullable(date()),
        outcome: oneOf(OUTCOME),
        doneOn: nullable(date()),
        carriedOver: bool('chưa hoàn thành từ kỳ trước'),
        note: nullable(str()),
        evidence: nullable(str()),
      }),
    ),
    targets: obj({
      asOf: date(),
      items: arr(
        obj({
          text: str(),
          op: str(),
          target: nullable({ type: 'number' }),
          actual: nullable({ type: 'number' }),
          status: oneOf(['met', 'not_met', 'not_measured']),
          reason: nullable(str()),
        }),
      ),
      notMeasured: arr(str()),
    }),
  }),
};
