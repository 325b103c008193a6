import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, data } from '../../../api/client';
import type { PlanTaskRow, PlanTasks } from '../../../api/types';
import { ApiErrorAlert } from '../../../components/api-error';
import { hasRole, useSession } from '../../../session';
import { fmtDate, matches } from '../../../format';
import { periodText, STATUS, type TaskStatus } from './labels';
import { PlanReportTab } from './report-tab';
import { TaskDrawer } from './task-drawer';

/**
 * The reform plan page (/ke-hoach): the commune's plan tasks by section, each with its lead unit, deadline, status and
 * latest progress; filters by unit, section and status; a unit's own tasks at a switch; a task opens its record and the
 * form to update it. The second tab is the plan's quarterly and yearly report, to print or download.
 */
export default function PlanPage() {
  const session = useSession();
  const wide = hasRole(session, 'province_viewer', 'admin') && !session.user.agencyCode?.includes('.');
  const [agency, setAgency] = useState<string>();
  // Undefined: the server's year today (its clock is the one deadlines are counted on).
  const [year, setYear] = useState<number>();
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const [unit, setUnit] = useState<string>();
  const [section, setSection] = useState<string>();
  const [mine, setMine] = useState(false);
  const [text, setText] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')), enabled: wide });
  // A province's viewer chooses among its own communes; the system's administrator among all.
  const communes = (agencies.data?.items ?? []).filter(
    (a) => a.level === 'commune' && (!session.user.agencyCode || a.provinceCode === session.user.agencyCode),
  );
  const query = { agency: agency ?? (wide ? communes[0]?.code : undefined), year: year === undefined ? undefined : String(year) };
  const plan = useQuery({
    queryKey: ['plan-tasks', query],
    queryFn: () => data(api.GET('/api/v1/plans/tasks', { params: { query } })) as Promise<PlanTasks>,
    enabled: !wide || !!query.agency,
    placeholderData: keepPreviousData,
  });
  const p = plan.data;
  const shown = useMemo(
    () =>
      (p?.tasks ?? []).filter(
        (t) =>
          (!status || t.current.status === status) &&
          (!unit || t.lead.some((u) => u.key === unit)) &&
          (!section || t.section === section) &&
          (!mine || t.lead.some((u) => p!.myUnits.includes(u.key))) &&
          (!text || matches(`${t.id} ${t.content} ${t.product ?? ''}`, text)),
      ),
    [p, status, unit, section, mine, text],
  );
  const columns = [
    { title: 'Mã', dataIndex: 'id', width: 64 },
    {
      title: 'Nhiệm vụ',
      render: (_: unknown, t: PlanTaskRow) => (
        <div>
          <Typography.Paragraph ellipsis={{ rows: 3, expandable: false }} style={{ marginBottom: 0 }}>
            {t.content}
          </Typography.Paragraph>
          {t.product && <Typography.Text type="secondary">Sản phẩm: {t.product}</Typography.Text>}
        </div>
      ),
    },
    { title: 'Chủ trì', width: 150, render: (_: unknown, t: PlanTaskRow) => t.lead.map((u) => u.name).join('; ') },
    {
      title: 'Thời gian',
      width: 140,
      render: (_: unknown, t: PlanTaskRow) => (
        <div>
          <div>{t.deadline.text}</div>
          {t.current.due && <Typography.Text type="secondary">hạn {fmtDate(t.current.due)}</Typography.Text>}
          {t.current.period && <div>{periodText(t.current.period)}</div>}
        </div>
      ),
    },
    {
      title: 'Tình trạng',
      width: 112,
      render: (_: unknown, t: PlanTaskRow) => <Tag color={STATUS[t.current.status].color}>{STATUS[t.current.status].text}</Tag>,
    },
    {
      title: 'Tiến độ mới nhất',
      width: 190,
      render: (_: unknown, t: PlanTaskRow) =>
        t.lastEntry ? (
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
            {fmtDate(t.lastEntry.recordedAt)}: {t.lastEntry.note}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '',
      width: 96,
      render: (_: unknown, t: PlanTaskRow) => (
        <Button
          size="small"
          type={t.canRecord ? 'primary' : 'default'}
          onClick={() => setOpen(t.id)}
          aria-label={`${t.canRecord ? 'Cập nhật' : 'Xem'} nhiệm vụ ${t.id}`}
        >
          {t.canRecord ? 'Cập nhật' : 'Xem'}
        </Button>
      ),
    },
  ];
  const sections = (p?.plan?.sections ?? []).filter((s) => shown.some((t) => t.section === s.id));
  const shownYear = year ?? p?.year ?? new Date().getFullYear();
  const years = [shownYear - 1, shownYear, shownYear + 1].map((y) => ({ value: y, label: `Năm ${y}` }));
  const tasksTab = !p?.plan ? (
    <Empty description={`Chưa có kế hoạch CCHC có danh mục nhiệm vụ cho năm ${shownYear}.`} />
  ) : (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={12}>
        {(Object.keys(STATUS) as TaskStatus[]).map((k) => (
          <Col key={k} xs={12} md={6}>
            <Card
              size="small"
              hoverable
              onClick={() => setStatus(status === k ? null : k)}
              style={status === k ? { borderColor: '#1677ff' } : undefined}
              aria-pressed={status === k}
              role="button"
            >
              <Statistic title={STATUS[k].text} value={p.summary[k]} valueStyle={k === 'overdue' && p.summary.overdue > 0 ? { color: '#cf1322' } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      <Space wrap>
        <Select
          allowClear
          placeholder="Cơ quan chủ trì"
          style={{ width: 260 }}
          value={unit}
          onChange={setUnit}
          options={p.plan.units.map((u) => ({ value: u.key, label: u.name }))}
          aria-label="Cơ quan chủ trì"
        />
        <Select
          allowClear
          placeholder="Lĩnh vực"
          style={{ width: 300 }}
          value={section}
          onChange={setSection}
          options={p.plan.sections.map((s) => ({ value: s.id, label: `${s.id}. ${s.title}` }))}
          aria-label="Lĩnh vực"
        />
        <Input.Search
          allowClear
          placeholder="Tìm nội dung nhiệm vụ"
          style={{ width: 260 }}
          onSearch={setText}
          onChange={(e) => !e.target.value && setText('')}
        />
        {p.myUnits.length > 0 && (
          <Space>
            <Switch checked={mine} onChange={setMine} aria-label="Chỉ nhiệm vụ đơn vị tôi chủ trì" />
            <span>Chỉ nhiệm vụ đơn vị tôi chủ trì</span>
          </Space>
        )}
        <Typography.Text type="secondary">
          {shown.length}/{p.tasks.length} nhiệm vụ
        </Typography.Text>
      </Space>
      {sections.length === 0 && <Empty description="Không có nhiệm vụ nào khớp bộ lọc." />}
      {sections.map((s) => (
        <Card
          key={s.id}
          size="small"
          title={`${s.id}. ${s.title}`}
          extra={s.leadSource ? <Typography.Text type="secondary">{s.leadSource}</Typography.Text> : null}
        >
          <Table<PlanTaskRow> rowKey="id" size="small" pagination={false} columns={columns} dataSource={shown.filter((t) => t.section === s.id)} />
        </Card>
      ))}
    </Space>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        Kế hoạch cải cách hành chính
      </Typography.Title>
      <Space wrap>
        {wide && (
          <Select
            style={{ width: 240 }}
            value={query.agency}
            onChange={setAgency}
            options={communes.map((c) => ({ value: c.code, label: c.name }))}
            aria-label="Xã, phường"
          />
        )}
        <Select style={{ width: 140 }} value={shownYear} onChange={setYear} options={years} aria-label="Năm" />
        {p?.plan && (
          <Typography.Text>
            <b>{p.agencyName}</b> — {p.plan.title}
            {p.plan.coordinator ? ` · theo dõi: ${p.plan.coordinator.name}` : ''}
          </Typography.Text>
        )}
      </Space>
      {plan.isError && <ApiErrorAlert error={plan.error} />}
      {p && (
        <Tabs
          items={[
            { key: 'tasks', label: 'Nhiệm vụ', children: tasksTab },
            { key: 'report', label: 'Báo cáo quý, năm', children: p.plan ? <PlanReportTab agency={p.agency} year={p.year} today={p.today} /> : tasksTab },
          ]}
        />
      )}
      {p?.plan && <TaskDrawer planId={p.plan.id} taskId={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}
