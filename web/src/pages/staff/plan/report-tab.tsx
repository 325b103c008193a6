import { useQuery } from '@tanstack/react-query';
import { Button, Card, Segmented, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, data, download } from '../../../api/client';
import type { PlanTaskReport } from '../../../api/types';
import { ApiErrorAlert } from '../../../components/api-error';
import { PrintableForm } from '../../../components/printable-form';
import { fmtDate } from '../../../format';
import { OUTCOME, type Outcome } from './labels';

const OUTCOMES = Object.keys(OUTCOME) as Outcome[];
const TARGET = { met: { text: 'Đạt', color: 'green' }, not_met: { text: 'Chưa đạt', color: 'red' }, not_measured: { text: 'Chưa đo được', color: 'default' } };

/** The plan's report for a quarter or the year: the counts by section and unit, the targets, the page to print, the .xlsx. */
export function PlanReportTab({ agency, year, today }: { agency: string; year: number; today: string }) {
  // The quarter we are in, for this year's plan; a past year's opens on its last quarter.
  const currentQ = Number(today.slice(0, 4)) === year ? Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 : 4;
  const [period, setPeriod] = useState(`${year}-Q${currentQ}`);
  const [printing, setPrinting] = useState(false);
  const query = { agency, period };
  const report = useQuery({
    queryKey: ['plan-report', query],
    queryFn: () => data(api.GET('/api/v1/plans/report', { params: { query } })) as Promise<PlanTaskReport>,
  });
  const r = report.data;
  const path = `/api/v1/plans/report?agency=${encodeURIComponent(agency)}&period=${period}`;
  const countCols = [{ title: 'Tổng số', dataIndex: 'total', width: 80 }, ...OUTCOMES.map((o) => ({ title: OUTCOME[o], dataIndex: o, width: 120 }))];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={period}
          onChange={(v) => {
            setPeriod(String(v));
            setPrinting(false);
          }}
          options={[1, 2, 3, 4]
            .map((q) => ({ value: `${year}-Q${q}`, label: `Quý ${['', 'I', 'II', 'III', 'IV'][q]}` }))
            .concat({ value: String(year), label: `Cả năm ${year}` })}
          aria-label="Kỳ báo cáo"
        />
        <Button type="primary" disabled={!r} onClick={() => setPrinting(true)}>
          Xem bản in
        </Button>
        <Button disabled={!r} onClick={() => void download(`${path}&format=xlsx`).catch((e: Error) => message.error(e.message))}>
          Tải báo cáo (.xlsx)
        </Button>
      </Space>
      {report.isError && <ApiErrorAlert error={report.error} />}
      {r && (
        <>
          <Typography.Text type="secondary">
            Từ {fmtDate(r.from)} đến {fmtDate(r.to)}; số liệu đến ngày {fmtDate(r.asOf)}.
          </Typography.Text>
          <Card size="small" title="Kết quả thực hiện nhiệm vụ theo lĩnh vực">
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              columns={[{ title: 'Lĩnh vực', render: (_: unknown, s: PlanTaskReport['bySection'][number]) => `${s.id}. ${s.title}` }, ...countCols]}
              dataSource={r.bySection}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <b>Tổng số</b>
                  </Table.Summary.Cell>
                  {['total', ...OUTCOMES].map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 1}>
                      <b>{r.summary[k as keyof PlanTaskReport['summary']]}</b>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
            />
          </Card>
          <Card size="small" title="Theo cơ quan chủ trì">
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              columns={[{ title: 'Cơ quan chủ trì', dataIndex: 'name' }, ...countCols]}
              dataSource={r.byUnit}
            />
          </Card>
          <Card size="small" title={`Chỉ tiêu của kế hoạch (lũy kế từ đầu năm đến ${fmtDate(r.targets.asOf)})`}>
            <Table
              size="small"
              pagination={false}
              rowKey="text"
              columns={[
                { title: 'Chỉ tiêu', dataIndex: 'text' },
                {
                  title: 'Kế hoạch',
                  width: 120,
                  render: (_: unknown, t: PlanTaskReport['targets']['items'][number]) => (t.target === null ? 'cấp trên giao' : `${t.op} ${t.target}`),
                },
                { title: 'Thực hiện', dataIndex: 'actual', width: 100 },
                {
                  title: 'Đánh giá',
                  width: 260,
                  render: (_: unknown, t: PlanTaskReport['targets']['items'][number]) => (
                    <span>
                      <Tag color={TARGET[t.status].color}>{TARGET[t.status].text}</Tag>
                      {t.reason}
                    </span>
                  ),
                },
              ]}
              dataSource={r.targets.items}
            />
          </Card>
          {printing && (
            <Card size="small" title="Bản in báo cáo">
              <PrintableForm path={`${path}&format=html`} title="Báo cáo kết quả thực hiện kế hoạch CCHC" height={700} />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
