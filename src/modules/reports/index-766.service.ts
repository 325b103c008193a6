import { Injectable } from '@nestjs/common';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import type { AuthUser } from '../auth/auth-user.js';
import { IndicatorsService } from './indicators.service.js';

interface Item {
  id: string;
  name: string;
  /** Maximum points; null where the decision's appendix was not available to us. */
  max: number | null;
  /** The measured ratio in percent, when the data exist (shown even when points are not computed). */
  value: number | null;
  points: number | null;
  computed: boolean;
  formula: string | null;
  /** [C] confirmed in an official source, [S] reconstructed from dashboards (research/legal-rules.md §5). */
  source: string;
  reason: string | null;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const ratio = (num: number, den: number): number | null => (den === 0 ? null : round2((num / den) * 100));
/** Dashboard rule for target-based items: min(max, ratio / target × max). */
const scored = (value: number | null, target: number, max: number): number | null => (value === null ? null : round2(Math.min(max, (value / target) * max)));

const notComputed = (id: string, name: string, max: number | null, reason: string, source = '[X] phụ lục QĐ 766 chưa thu thập được'): Item => ({
  id,
  name,
  max,
  value: null,
  points: null,
  computed: false,
  formula: null,
  source,
  reason,
});

/**
 * QĐ 766/QĐ-TTg (2022) index: five groups, 100 points. Points are given only where the formula is known
 * (research/legal-rules.md §5); every other item says "not computed" with the reason — never an invented number.
 */
@Injectable()
export class Index766Service {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly workflows: WorkflowsRef,
  ) {}

  async index(actor: AuthUser, q: { agency?: string; from?: string; to?: string }) {
    const byProcedure = await this.indicators.indicators(actor, { ...q, groupBy: 'procedure' });
    const t = byProcedure.total;
    const communes = this.indicators.communes(actor.scope, q.agency, actor.agencyCode);

    // G2: on time / (on time + overdue), overdue including dossiers still open past their due (dashboard [S]).
    const onTime = t.resolved.early + t.resolved.onTime;
    const overdue = t.resolved.late + t.inProgress.overdue;
    const progress = ratio(onTime, onTime + overdue);

    // G4 payment items: procedures with a fee offered here, and those with at least one online payment.
    const feeProcedures = this.workflows.value.procedures
      .filter((p) => p.definition.fee.amount > 0 && communes.some((c) => p.offeredBy.includes(c)))
      .map((p) => p.definition.code);
    const paidOnline = byProcedure.rows.filter((r) => feeProcedures.includes(r.key) && r.basis.paidOnline > 0).length;
    const payShare = ratio(paidOnline, feeProcedures.length);
    const payRate = ratio(t.basis.paidOnline, t.basis.payments);

    const groups: { id: string; name: string; max: number; items: Item[] }[] = [
      {
        id: '1',
        name: 'Công khai, minh bạch',
        max: 18,
        items: [
          notComputed(
            '1.1',
            'TTHC được công bố, cập nhật, công khai đúng hạn',
            4,
            'quyết định công bố TTHC không được ghi nhận trong hệ thống',
            '[C] 4/18 điểm',
          ),
          notComputed(
            '1.x',
            'Các chỉ số còn lại của nhóm 1 (đồng bộ trạng thái hồ sơ lên Cổng DVCQG, …)',
            14,
            'danh mục chỉ số và cách tính chưa thu thập được',
          ),
        ],
      },
      {
        id: '2',
        name: 'Tiến độ, kết quả giải quyết',
        max: 20,
        items: [
          {
            id: '2.1',
            name: 'Hồ sơ giải quyết đúng hạn',
            max: 20,
            value: progress,
            points: progress === null ? null : round2((progress / 100) * 20),
            computed: progress !== null,
            formula: '(trước hạn + đúng hạn) / (trước hạn + đúng hạn + quá hạn, kể cả đang giải quyết quá hạn) × 20',
            source: '[S] dựng lại từ bảng điều khiển 766',
            reason: progress === null ? 'chưa có hồ sơ trong kỳ' : null,
          },
        ],
      },
      {
        id: '3',
        name: 'Số hóa hồ sơ',
        max: 22,
        items: [
          { ...notComputed('3.1', 'Cấp kết quả điện tử', null, 'chưa có cách tính điểm'), value: t.rates.electronicResult },
          { ...notComputed('3.2', 'Số hóa hồ sơ, kết quả giải quyết TTHC', null, 'chưa có cách tính điểm'), value: t.rates.digitised },
          { ...notComputed('3.3', 'Khai thác, sử dụng lại dữ liệu số hóa', null, 'chưa có cách tính điểm'), value: t.rates.dataReuse },
        ],
      },
      {
        id: '4',
        name: 'Cung cấp dịch vụ trực tuyến',
        max: 22,
        items: [
          notComputed('4.1', 'Các chỉ số dịch vụ công trực tuyến', 12, 'danh mục chỉ số và cách tính chưa thu thập được', '[S] 12 điểm trên bảng điều khiển'),
          notComputed(
            '4.2',
            'TTHC có nghĩa vụ tài chính được cung cấp trên Cổng DVCQG',
            2,
            'việc tích hợp trên Cổng DVCQG không được ghi nhận',
            '[S] tối đa 2, chỉ tiêu 80%',
          ),
          {
            id: '4.3',
            name: 'TTHC có ít nhất một giao dịch thanh toán trực tuyến',
            max: 2,
            value: payShare,
            points: scored(payShare, 80, 2),
            computed: payShare !== null,
            formula: 'min(2, tỷ lệ / 80% × 2)',
            source: '[S] tối đa 2, chỉ tiêu 80%',
            reason: payShare === null ? 'không có TTHC thu phí, lệ phí' : null,
          },
          {
            id: '4.4',
            name: 'Hồ sơ thanh toán trực tuyến / hồ sơ có nghĩa vụ tài chính',
            max: 6,
            value: payRate,
            points: scored(payRate, 100, 6),
            computed: payRate !== null,
            formula: 'min(6, tỷ lệ / 100% × 6)',
            source: '[S] tối đa 6, chỉ tiêu 100%',
            reason: payRate === null ? 'chưa có hồ sơ nộp phí, lệ phí trong kỳ' : null,
          },
        ],
      },
      {
        id: '5',
        name: 'Mức độ hài lòng',
        max: 18,
        items: [
          {
            ...notComputed('5.1', 'Tỷ lệ PAKN xử lý đúng hạn', null, 'cách tính điểm chưa thu thập được', '[C] công thức tỷ lệ'),
            value: byProcedure.feedback.rates.onTime,
            formula: 'PAKN trả lời và công khai đúng hạn / PAKN thuộc phạm vi xử lý',
          },
          {
            ...notComputed('5.2', 'Tỷ lệ hài lòng trong xử lý PAKN', null, 'cách tính điểm chưa thu thập được', '[C] công thức tỷ lệ'),
            value: byProcedure.feedback.rates.answerSatisfaction,
            formula: '(PAKN đã công khai − PAKN đánh giá "không hài lòng") / PAKN đã công khai',
          },
          {
            ...notComputed(
              '5.3',
              'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
              6,
              'tối đa 6 điểm khi đạt chỉ tiêu NQ 76/NQ-CP; thang điểm dưới mức đó chưa thu thập được',
              '[C] công thức tỷ lệ, tối đa 6/18',
            ),
            value: t.rates.satisfaction766,
            formula: '(hồ sơ − hồ sơ "không hài lòng" − hồ sơ có PAKN về tiếp nhận, giải quyết, trễ hạn) / hồ sơ',
          },
        ],
      },
    ];

    const out = groups.map((g) => {
      const computed = g.items.filter((i) => i.computed);
      return {
        ...g,
        points: computed.length ? round2(computed.reduce((n, i) => n + (i.points ?? 0), 0)) : null,
        computedMax: computed.reduce((n, i) => n + (i.max ?? 0), 0),
      };
    });
    const points = out.reduce((n, g) => n + (g.points ?? 0), 0);
    return {
      agency: byProcedure.agency,
      from: byProcedure.from,
      to: byProcedure.to,
      groups: out,
      // Not an index score: only the computed items, out of their own maximum.
      computed: { points: round2(points), ofMax: out.reduce((n, g) => n + g.computedMax, 0), complete: false },
    };
  }
}
