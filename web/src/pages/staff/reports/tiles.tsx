import { useQuery } from '@tanstack/react-query';
import { Card, Col, Modal, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, data } from '../../../api/client';
import type { paths } from '../../../api/schema';
import type { Indicators } from '../../../api/types';
import { ApiErrorAlert } from '../../../components/api-error';
import { fmtDate, fmtNumber } from '../../../format';

type Measure = NonNullable<NonNullable<paths['/api/v1/reports/indicators/dossiers']['get']['parameters']['query']>['measure']>;

interface Tile {
  title: string;
  /** Percent, or null when there is nothing to divide by. */
  rate: number | null;
  numerator: number;
  denominator: number;
  /** The plan's usual target, shown beside the figure. */
  target?: string;
  /** The dossiers a click lists, and what the list is called. */
  drill?: { measure: Measure; title: string };
}

/** The plans' indicators for the unit and period, each with its numerator and denominator (api.md rates). */
export function tilesOf(r: Indicators): Tile[] {
  const t = r.total;
  const b = t.basis as Record<string, number>;
  return [
    {
      title: 'Giải quyết đúng hạn',
      rate: t.rates.onTime,
      numerator: t.resolved.early + t.resolved.onTime,
      denominator: t.resolved.total,
      target: '≥ 95–99%',
      drill: { measure: 'resolved.late', title: 'Hồ sơ giải quyết quá hạn' },
    },
    {
      title: 'Xin lỗi đúng hạn',
      rate: t.apologies.required ? Math.round((t.apologies.issuedOnTime / t.apologies.required) * 10000) / 100 : null,
      numerator: t.apologies.issuedOnTime,
      denominator: t.apologies.required,
      target: '100%',
      drill: { measure: 'apologies.required', title: 'Hồ sơ quá hạn phải xin lỗi' },
    },
    {
      title: 'Nộp trực tuyến',
      rate: t.rates.online,
      numerator: t.received.online,
      denominator: b.receivedInPeriod ?? 0,
      target: '≥ 80–85%',
      drill: { measure: 'received.online', title: 'Hồ sơ nộp trực tuyến' },
    },
    {
      title: 'Thanh toán trực tuyến',
      rate: t.rates.onlinePayment,
      numerator: b.paidOnline ?? 0,
      denominator: b.payments ?? 0,
      target: '≥ 60–70%',
      drill: { measure: 'payment.online', title: 'Hồ sơ thanh toán trực tuyến' },
    },
    {
      title: 'Hài lòng (QĐ 766)',
      rate: t.rates.satisfaction766,
      numerator: (b.decided ?? 0) - (b.dissatisfied766 ?? 0),
      denominator: b.decided ?? 0,
      target: '≥ 90–95%',
      drill: { measure: 'rating.dissatisfied', title: 'Hồ sơ bị đánh giá không hài lòng' },
    },
    {
      title: 'Trả kết quả điện tử',
      rate: t.rates.electronicResult,
      numerator: b.electronicResults ?? 0,
      denominator: b.decided ?? 0,
      drill: { measure: 'result.electronic', title: 'Hồ sơ trả kết quả điện tử' },
    },
    { title: 'PAKN xử lý đúng hạn', rate: r.feedback.rates.onTime, numerator: r.feedback.onTime, denominator: r.feedback.judged, target: '100%' },
    {
      title: 'Đang giải quyết quá hạn',
      rate: null,
      numerator: t.inProgress.overdue,
      denominator: t.inProgress.total,
      drill: { measure: 'inProgress.overdue', title: 'Hồ sơ đang giải quyết đã quá hạn' },
    },
  ];
}

const pct = (n: number | null): string => (n === null ? '—' : `${n.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`);

/** The tiles; a click on one lists the dossiers behind it (the report's own drill-down route). */
export function Tiles({ report, agency }: { report: Indicators; agency: string | undefined }) {
  const [drill, setDrill] = useState<Tile['drill'] | null>(null);
  return (
    <>
      <Row gutter={[12, 12]}>
        {tilesOf(report).map((t) => (
          <Col key={t.title} xs={12} md={6}>
            <Card
              size="small"
              hoverable={!!t.drill}
              role={t.drill ? 'button' : undefined}
              tabIndex={t.drill ? 0 : undefined}
              onClick={() => t.drill && setDrill(t.drill)}
              onKeyDown={(e) => t.drill && (e.key === 'Enter' || e.key === ' ') && setDrill(t.drill)}
            >
              <Statistic title={t.title} value={t.rate === null && t.title.startsWith('Đang') ? fmtNumber(t.numerator) : pct(t.rate)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t.title.startsWith('Đang')
                  ? `trên ${fmtNumber(t.denominator)} hồ sơ đang giải quyết`
                  : `${fmtNumber(t.numerator)}/${fmtNumber(t.denominator)}`}
                {t.target ? ` · chỉ tiêu ${t.target}` : ''}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {drill ? (
        <Drilldown measure={drill.measure} title={drill.title} agency={agency} from={report.from} to={report.to} onClose={() => setDrill(null)} />
      ) : null}
    </>
  );
}

function Drilldown({
  measure,
  title,
  agency,
  from,
  to,
  onClose,
}: {
  measure: Measure;
  title: string;
  agency?: string;
  from: string;
  to: string;
  onClose: () => void;
}) {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['report-dossiers', measure, agency, from, to, page],
    queryFn: () => data(api.GET('/api/v1/reports/indicators/dossiers', { params: { query: { measure, agency, from, to, page, pageSize: 10 } } })),
  });
  return (
    <Modal open title={`${title} (${fmtDate(from)} – ${fmtDate(to)})`} onCancel={onClose} footer={null} width={900}>
      {q.isError ? <ApiErrorAlert error={q.error} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        pagination={{ current: page, pageSize: 10, total: q.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${fmtNumber(n)} hồ sơ` }}
        columns={[
          { title: 'Mã hồ sơ', render: (_, r) => <Link to={`/ho-so/${r.id}`}>{r.code}</Link> },
          { title: 'Thủ tục', render: (_, r) => r.procedure.name },
          { title: 'Tiếp nhận', render: (_, r) => fmtDate(r.receivedAt) },
          { title: 'Hạn', render: (_, r) => fmtDate(r.originalDueAt) },
          { title: 'Có kết quả', render: (_, r) => fmtDate(r.resolvedAt) },
        ]}
      />
    </Modal>
  );
}
