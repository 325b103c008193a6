import { useQuery } from '@tanstack/react-query';
import { App, Button, Empty, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { api, data, download } from '../../../api/client';
import type { Form06, IndicatorRow, Index766, LateSteps, PlanReport } from '../../../api/types';
import { Chart } from '../../../components/chart';
import { StatusTag } from '../../../components/status-tag';
import { fmtNumber } from '../../../format';

const pct = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${n.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`);
const num = (a: number, b: number): number => a - b;

/** Rows of one breakdown: the Biểu's counts and the plans' rates, sortable. */
export function rowColumns(title: string, onOpen?: (r: IndicatorRow) => void): ColumnsType<IndicatorRow> {
  return [
    {
      title,
      dataIndex: 'label',
      sorter: (a, b) => a.label.localeCompare(b.label, 'vi'),
      render: (v: string, r) =>
        onOpen ? (
          <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(r)}>
            {v}
          </Button>
        ) : (
          v
        ),
    },
    { title: 'Tiếp nhận', align: 'right', sorter: (a, b) => num(a.received.total, b.received.total), render: (_, r) => fmtNumber(r.received.total) },
    { title: 'Đã giải quyết', align: 'right', sorter: (a, b) => num(a.resolved.total, b.resolved.total), render: (_, r) => fmtNumber(r.resolved.total) },
    {
      title: 'Quá hạn',
      align: 'right',
      sorter: (a, b) => num(a.resolved.late + a.inProgress.overdue, b.resolved.late + b.inProgress.overdue),
      render: (_, r) => fmtNumber(r.resolved.late + r.inProgress.overdue),
    },
    { title: 'Đúng hạn', align: 'right', sorter: (a, b) => num(a.rates.onTime ?? -1, b.rates.onTime ?? -1), render: (_, r) => pct(r.rates.onTime) },
    { title: 'Trực tuyến', align: 'right', sorter: (a, b) => num(a.rates.online ?? -1, b.rates.online ?? -1), render: (_, r) => pct(r.rates.online) },
    {
      title: 'TT trực tuyến',
      align: 'right',
      sorter: (a, b) => num(a.rates.onlinePayment ?? -1, b.rates.onlinePayment ?? -1),
      render: (_, r) => pct(r.rates.onlinePayment),
    },
    {
      title: 'Hài lòng',
      align: 'right',
      sorter: (a, b) => num(a.rates.satisfaction766 ?? -1, b.rates.satisfaction766 ?? -1),
      render: (_, r) => pct(r.rates.satisfaction766),
    },
  ];
}

/** Rates by month: on time, online, paid online, satisfaction. */
export function Trends({ rows }: { rows: IndicatorRow[] }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => pct(v) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: rows.map((r) => r.label.replace('Tháng ', '')) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: 'Đúng hạn', type: 'line', data: rows.map((r) => r.rates.onTime), connectNulls: true },
        { name: 'Trực tuyến', type: 'line', data: rows.map((r) => r.rates.online), connectNulls: true },
        { name: 'Thanh toán trực tuyến', type: 'line', data: rows.map((r) => r.rates.onlinePayment), connectNulls: true },
        { name: 'Hài lòng', type: 'line', data: rows.map((r) => r.rates.satisfaction766), connectNulls: true },
      ],
    }),
    [rows],
  );
  if (rows.every((r) => r.received.total === 0)) return <Empty description="Chưa có hồ sơ trong kỳ" />;
  return <Chart option={option} label="Biểu đồ tỷ lệ đúng hạn, trực tuyến, thanh toán trực tuyến và hài lòng theo tháng" />;
}

/** Late steps by the unit owning them (form 06's per-step results): where lateness comes from. */
export function LateByUnit({ agency, from, to }: { agency?: string; from: string; to: string }) {
  const q = useQuery({
    queryKey: ['late-steps', agency, from, to],
    queryFn: () => data(api.GET('/api/v1/reports/late-steps', { params: { query: { agency, from, to } } })),
  });
  const units: LateSteps['units'] = q.data?.units ?? [];
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 220, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: units.map((u) => u.name), axisLabel: { width: 210, overflow: 'truncate' } },
      series: [{ name: 'Bước trễ hạn', type: 'bar', data: units.map((u) => u.late), itemStyle: { color: '#b3261e' } }],
    }),
    [units],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {units.some((u) => u.late > 0) ? <Chart option={option} height={40 + units.length * 36} label="Biểu đồ số bước xử lý trễ hạn theo đơn vị" /> : null}
      <Table
        rowKey="code"
        size="small"
        loading={q.isFetching}
        pagination={false}
        dataSource={units}
        locale={{ emptyText: 'Không có bước nào hoàn thành trong kỳ' }}
        columns={[
          { title: 'Đơn vị sở hữu bước', dataIndex: 'name' },
          { title: 'Bước hoàn thành', dataIndex: 'steps', align: 'right', render: fmtNumber },
          { title: 'Trễ hạn', dataIndex: 'late', align: 'right', render: fmtNumber },
          { title: 'Tỷ lệ trễ', dataIndex: 'lateRate', align: 'right', render: pct },
        ]}
      />
    </Space>
  );
}

const FORM06_HEADS: [keyof Form06['total'], string][] = [
  ['c3', '(3) Tổng nhận'],
  ['c4', '(4) Trực tuyến'],
  ['c5', '(5) Trực tiếp, bưu chính'],
  ['c6', '(6) Kỳ trước'],
  ['c7', '(7) Đã giải quyết'],
  ['c8', '(8) Trước hạn'],
  ['c9', '(9) Đúng hạn'],
  ['c10', '(10) Quá hạn'],
  ['c11', '(11) Đang giải quyết'],
  ['c12', '(12) Trong hạn'],
  ['c13', '(13) Quá hạn'],
  ['withdrawn', '(14) Rút'],
  ['stopped', '(15) Dừng'],
];

/** Biểu II.06a as the official table, with the .xlsx (ready to send) and the .csv. */
export function Form06Table({ agency, from, to }: { agency?: string; from: string; to: string }) {
  const { message } = App.useApp();
  const q = useQuery({
    queryKey: ['form-06', agency, from, to],
    queryFn: () => data(api.GET('/api/v1/reports/form-06', { params: { query: { agency, from, to } } })) as Promise<Form06>,
  });
  const get = (format: 'xlsx' | 'csv') =>
    download(`/api/v1/reports/form-06?${new URLSearchParams({ ...(agency ? { agency } : {}), from, to, format })}`).catch((e: Error) =>
      message.error(e.message),
    );
  const rows = q.data ? [...q.data.rows, q.data.total] : [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" onClick={() => void get('xlsx')}>
          Tải Biểu II.06a (.xlsx)
        </Button>
        <Button onClick={() => void get('csv')}>Tải .csv</Button>
      </Space>
      <Table
        rowKey={(r) => String(r.stt ?? 'tong')}
        size="small"
        bordered
        loading={q.isFetching}
        pagination={false}
        scroll={{ x: 1300 }}
        dataSource={rows}
        rowClassName={(r) => (r.stt === null ? 'form06-total' : '')}
        columns={[
          { title: 'STT', dataIndex: 'stt', width: 56, render: (v: number | null) => v ?? '' },
          { title: 'Lĩnh vực', dataIndex: 'field', width: 220, render: (v: string, r) => (r.stt === null ? <b>{v}</b> : v) },
          ...FORM06_HEADS.map(([key, title]) => ({ title, dataIndex: key, align: 'right' as const, render: (v: number) => fmtNumber(v) })),
        ]}
      />
    </Space>
  );
}

/** The QĐ 766 index: what is computed from the data, and why the rest is not. */
export function Index766Table({ report }: { report: Index766 }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        Điểm tính được: <b>{report.computed.points.toLocaleString('vi-VN')}</b> / {report.computed.ofMax} điểm của các mục có công thức
        {report.computed.complete ? '' : ' (chưa đủ các mục của bộ chỉ số; xem lý do từng mục)'}
      </Typography.Text>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={report.groups}
        expandable={{ defaultExpandAllRows: true, childrenColumnName: 'none' as never, expandedRowRender: (g) => <ItemTable items={g.items} /> }}
        columns={[
          { title: 'Nhóm chỉ số', dataIndex: 'name' },
          { title: 'Điểm tối đa', dataIndex: 'max', align: 'right' },
          { title: 'Điểm', dataIndex: 'points', align: 'right', render: (v: number | null) => (v === null ? 'chưa tính' : v.toLocaleString('vi-VN')) },
        ]}
      />
    </Space>
  );
}

function ItemTable({ items }: { items: Index766['groups'][number]['items'] }) {
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: 'Chỉ số', dataIndex: 'name' },
        { title: 'Giá trị', dataIndex: 'value', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN')) },
        { title: 'Điểm', render: (_, i) => (i.computed ? `${i.points?.toLocaleString('vi-VN') ?? '—'} / ${i.max}` : <StatusTag>chưa tính</StatusTag>) },
        { title: 'Cách tính / lý do', render: (_, i) => i.formula ?? i.reason ?? '' },
      ]}
    />
  );
}

const STATUS: Record<string, { text: string; tone: string }> = {
  met: { text: 'Đạt', tone: 'green' },
  not_met: { text: 'Chưa đạt', tone: 'red' },
  not_measured: { text: 'Chưa đo được', tone: 'default' },
};

/** The plan's targets against the actuals, with the year-end projection; copied as text for the quarterly report. */
export function PlanTargets({ report }: { report: PlanReport }) {
  const { message } = App.useApp();
  if (report.plans.length === 0) return <Empty description="Đơn vị chưa có kế hoạch cải cách hành chính cho năm này" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {report.plans.map((p) => {
        const text = p.targets
          .map(
            (t, i) =>
              `${i + 1}. ${t.text}: ${t.actual === null ? 'chưa đo được' : pct(t.actual)} — ${STATUS[t.status].text}${t.reason ? ` (${t.reason})` : ''}${typeof t.projection?.yearEnd === 'number' ? `; dự báo cuối năm ${pct(t.projection.yearEnd)}` : ''}.`,
          )
          .join('\n');
        return (
          <Space key={p.plan} direction="vertical" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>{p.plan}</Typography.Text>
              <Button
                onClick={() =>
                  void navigator.clipboard.writeText(text).then(
                    () => message.success('Đã sao chép để dán vào báo cáo.'),
                    () => message.error('Trình duyệt không cho sao chép.'),
                  )
                }
              >
                Sao chép để dán vào báo cáo
              </Button>
            </Space>
            <Table
              rowKey={(t) => t.indicator + t.text}
              size="small"
              pagination={false}
              dataSource={p.targets}
              columns={[
                { title: 'Chỉ tiêu', dataIndex: 'text' },
                {
                  title: 'Thực hiện',
                  align: 'right',
                  render: (_, t) => (t.actual === null ? '—' : `${pct(t.actual)} (${fmtNumber(t.numerator ?? 0)}/${fmtNumber(t.denominator ?? 0)})`),
                },
                {
                  title: 'Đánh giá',
                  // A target the province sets: the actual is shown, the verdict waits for the province's value.
                  render: (_, t) => <StatusTag tone={STATUS[t.status].tone}>{t.target === null ? 'Chờ tỉnh giao chỉ tiêu' : STATUS[t.status].text}</StatusTag>,
                },
                { title: 'Dự báo cuối năm', align: 'right', render: (_, t) => (typeof t.projection?.yearEnd === 'number' ? pct(t.projection.yearEnd) : '—') },
                { title: 'Ghi chú', render: (_, t) => t.reason ?? '' },
              ]}
            />
          </Space>
        );
      })}
    </Space>
  );
}
