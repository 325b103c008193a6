import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Segmented, Select, Space, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, data } from '../../../api/client';
import type { Indicators } from '../../../api/types';
import { ApiErrorAlert } from '../../../components/api-error';
import { hasRole, useSession } from '../../../session';
import { type PeriodChoice, type PeriodKind, PERIOD_TEXT, periodDates, periodLabel, vnToday } from './period';
import { Form06Table, Index766Table, LateByUnit, PlanTargets, rowColumns, Trends } from './sections';
import { Tiles } from './tiles';
import { Table } from 'antd';

/**
 * The reports dashboard (/bao-cao): a unit (province or commune) and a period; the plans' indicators with their
 * numerators and denominators and the dossiers behind them; trends; breakdowns by field, procedure and department;
 * where lateness comes from; Biểu II.06a; the QĐ 766 index; the plan's targets; a province's communes side by side.
 */
export default function ReportsPage() {
  const session = useSession();
  const wide = hasRole(session, 'province_viewer', 'admin');
  const today = vnToday();
  const [unit, setUnit] = useState<string>();
  const [period, setPeriod] = useState<PeriodChoice>({ kind: 'year', year: Number(today.slice(0, 4)), part: 1 });
  const [tab, setTab] = useState('overview');
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')) });
  const all = agencies.data?.items ?? [];
  const home = all.find((a) => a.code === session.user.agencyCode);
  // The unit the report is about: the one chosen, else the user's own (a department's is its commune).
  const code = unit ?? (home?.level === 'department' ? (home.communeCode ?? undefined) : home?.code);
  const current = all.find((a) => a.code === code);
  const isCommune = current?.level === 'commune';
  const dates = periodDates(period, today);
  const q = (groupBy: 'agency' | 'month' | 'field' | 'procedure' | 'department', enabled = true) =>
    ({
      queryKey: ['indicators', code, dates.from, dates.to, groupBy],
      queryFn: () => data(api.GET('/api/v1/reports/indicators', { params: { query: { agency: code, ...dates, groupBy } } })) as Promise<Indicators>,
      enabled: enabled && !!code,
    }) as const;
  const overview = useQuery(q('agency'));
  const months = useQuery(q('month', tab === 'overview'));
  const byField = useQuery(q('field', tab === 'breakdown'));
  const byProcedure = useQuery(q('procedure', tab === 'breakdown'));
  const byDepartment = useQuery(q('department', tab === 'departments' && isCommune));
  const index766 = useQuery({
    queryKey: ['index-766', code, dates.from, dates.to],
    queryFn: () => data(api.GET('/api/v1/reports/index-766', { params: { query: { agency: code, ...dates } } })),
    enabled: tab === '766' && !!code,
  });
  const plan = useQuery({
    queryKey: ['plan', code, period.year],
    queryFn: () => data(api.GET('/api/v1/reports/plan', { params: { query: { agency: code, year: String(period.year) } } })),
    enabled: tab === 'plan' && isCommune,
  });
  const years = Array.from({ length: Number(today.slice(0, 4)) - 2023 }, (_, i) => 2024 + i);
  const parts: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 0, custom: 0 };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Báo cáo kết quả giải quyết thủ tục hành chính
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          {wide ? (
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 280 }}
              value={code}
              onChange={setUnit}
              aria-label="Đơn vị báo cáo"
              options={all.filter((a) => a.level !== 'department').map((a) => ({ value: a.code, label: a.name }))}
            />
          ) : (
            <Typography.Text strong>{current?.name}</Typography.Text>
          )}
          <Segmented
            aria-label="Loại kỳ báo cáo"
            value={period.kind}
            onChange={(k) => setPeriod({ ...period, kind: k as PeriodKind, part: 1 })}
            options={(Object.keys(PERIOD_TEXT) as PeriodKind[]).map((k) => ({ value: k, label: PERIOD_TEXT[k] }))}
          />
          {period.kind !== 'custom' ? (
            <Select
              aria-label="Năm"
              style={{ width: 100 }}
              value={period.year}
              onChange={(y) => setPeriod({ ...period, year: y })}
              options={years.map((y) => ({ value: y, label: String(y) }))}
            />
          ) : (
            <DatePicker.RangePicker
              aria-label="Từ ngày, đến ngày"
              format="DD/MM/YYYY"
              value={period.range ? [dayjs(period.range[0]), dayjs(period.range[1])] : null}
              onChange={(v) => v?.[0] && v[1] && setPeriod({ ...period, range: [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] })}
            />
          )}
          {parts[period.kind] ? (
            <Select
              aria-label={PERIOD_TEXT[period.kind]}
              style={{ width: 150 }}
              value={period.part}
              onChange={(p) => setPeriod({ ...period, part: p })}
              options={Array.from({ length: parts[period.kind] }, (_, i) => ({
                value: i + 1,
                label: period.kind === 'half' ? (i ? '6 tháng cuối năm' : '6 tháng đầu năm') : `${PERIOD_TEXT[period.kind]} ${i + 1}`,
              }))}
            />
          ) : null}
          <Typography.Text type="secondary">
            {periodLabel(period, dates)} · số liệu đến hết ngày {dates.to.split('-').reverse().join('/')}
          </Typography.Text>
        </Space>
      </Card>
      {overview.isError ? <ApiErrorAlert error={overview.error} /> : null}
      {overview.data ? <Tiles report={overview.data} agency={code} /> : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'overview', label: 'Xu hướng theo tháng', children: months.data ? <Trends rows={months.data.rows} /> : null },
          {
            key: 'breakdown',
            label: 'Theo lĩnh vực, thủ tục',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table
                  rowKey="key"
                  size="small"
                  pagination={false}
                  loading={byField.isFetching}
                  dataSource={byField.data?.rows ?? []}
                  columns={rowColumns('Lĩnh vực')}
                />
                <Table
                  rowKey="key"
                  size="small"
                  pagination={{ pageSize: 20 }}
                  loading={byProcedure.isFetching}
                  dataSource={byProcedure.data?.rows ?? []}
                  columns={rowColumns('Thủ tục')}
                />
              </Space>
            ),
          },
          ...(isCommune
            ? [
                {
                  key: 'departments',
                  label: 'Theo phòng ban',
                  children: (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                        Mỗi hồ sơ tính một lần: hồ sơ quá hạn tính cho đơn vị của bước bắt đầu chậm trễ, hồ sơ khác cho đơn vị thụ lý.
                      </Typography.Paragraph>
                      <Table
                        rowKey="key"
                        size="small"
                        pagination={false}
                        loading={byDepartment.isFetching}
                        dataSource={byDepartment.data?.rows ?? []}
                        columns={rowColumns('Phòng, ban')}
                      />
                      <Typography.Title level={3} style={{ fontSize: 16 }}>
                        Nguồn gốc chậm trễ: số bước trễ hạn theo đơn vị
                      </Typography.Title>
                      <LateByUnit agency={code} from={dates.from} to={dates.to} />
                    </Space>
                  ),
                },
              ]
            : [
                {
                  key: 'communes',
                  label: 'Các xã, phường',
                  children: (
                    <Table
                      rowKey="key"
                      size="small"
                      pagination={{ pageSize: 50 }}
                      loading={overview.isFetching}
                      dataSource={overview.data?.rows ?? []}
                      columns={rowColumns('Xã, phường', (r) => setUnit(r.key))}
                    />
                  ),
                },
              ]),
          { key: 'form06', label: 'Biểu II.06a', children: <Form06Table agency={code} from={dates.from} to={dates.to} /> },
          { key: '766', label: 'Chỉ số QĐ 766', children: index766.data ? <Index766Table report={index766.data} /> : null },
          ...(isCommune ? [{ key: 'plan', label: `Chỉ tiêu kế hoạch ${period.year}`, children: plan.data ? <PlanTargets report={plan.data} /> : null }] : []),
        ]}
      />
    </Space>
  );
}
