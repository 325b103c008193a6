import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, data } from '../../api/client';
import type { Board as BoardData, BoardItem } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { LiveTag } from '../../components/live-tag';
import { StatusTag } from '../../components/status-tag';
import { fmtDateTime } from '../../format';
import { hasRole, useSession } from '../../session';

type Bucket = BoardItem['bucket'];
const BUCKETS: { key: Bucket; title: string; tone: string; hint: string }[] = [
  { key: 'overdue', title: 'Quá hạn', tone: 'red', hint: 'Đã quá hạn giải quyết' },
  { key: 'apology_due', title: 'Phải xin lỗi', tone: 'volcano', hint: 'Có bước đã trễ: ban hành văn bản xin lỗi (mẫu 04) trước hạn' },
  { key: 'warned', title: 'Sắp đến hạn', tone: 'orange', hint: 'Đã qua ngưỡng cảnh báo sớm' },
  { key: 'waiting', title: 'Chờ công dân', tone: 'blue', hint: 'Tạm dừng: chờ bổ sung hồ sơ hoặc nộp phí' },
];
const TONE = Object.fromEntries(BUCKETS.map((b) => [b.key, b.tone])) as Record<Bucket, string>;

/** Hides the menu, the header and the filters on paper; the page title says what and when. */
const PRINT_CSS = `@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { padding: 0 !important; }
  .board-unit { break-inside: avoid-page; }
  body, .ant-layout { background: #fff !important; font-size: 11pt; }
}`;

/**
 * The overdue board (/bang-theo-doi): what is late, what owes an apology, what is about to be late and what waits for
 * the citizen, by the department the lateness belongs to. It reloads as dossiers change anywhere (live events).
 */
export default function BoardPage() {
  const session = useSession();
  const province = hasRole(session, 'province_viewer', 'admin');
  const [agency, setAgency] = useState<string>();
  const [procedure, setProcedure] = useState<string>();
  const [field, setField] = useState<string>();
  const [only, setOnly] = useState<Bucket | null>(null);
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')), enabled: province });
  const procedures = useQuery({
    queryKey: ['procedures', agency ?? session.user.agencyCode],
    queryFn: () =>
      data(api.GET('/api/v1/procedures', { params: { query: { agency: agency ?? (province ? undefined : (session.user.agencyCode ?? undefined)) } } })),
  });
  const params = { agency, procedure, field };
  const board = useQuery({
    queryKey: ['board', params],
    queryFn: () => data(api.GET('/api/v1/dossiers/overdue-board', { params: { query: params } })),
    placeholderData: keepPreviousData,
    // Live events reload it; this only catches the clock: a dossier becomes late with nobody touching it.
    refetchInterval: 5 * 60_000,
  });
  const fields = useMemo(() => [...new Set((procedures.data?.items ?? []).map((p) => p.field))], [procedures.data]);
  const communes = (agencies.data?.items ?? []).filter((a) => a.level === 'commune');
  const b = board.data;
  // The commune(s) on the board, for its title on screen and on paper.
  const unitName = agency
    ? (communes.find((c) => c.code === agency)?.name ?? agency)
    : [...new Set(b?.items.map((i) => i.agency.name))].length === 1
      ? b!.items[0].agency.name
      : null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <style>{PRINT_CSS}</style>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
          Bảng theo dõi hạn giải quyết{unitName ? ` — ${unitName}` : ''}
        </Typography.Title>
        <Space>
          <LiveTag />
          {b ? <Typography.Text type="secondary">Số liệu lúc {fmtDateTime(b.at)}</Typography.Text> : null}
          <Button className="no-print" onClick={() => window.print()}>
            In bảng theo dõi
          </Button>
        </Space>
      </Space>
      <Card size="small" className="no-print">
        <Space wrap>
          {province ? (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="Xã/phường"
              style={{ width: 240 }}
              value={agency}
              onChange={setAgency}
              options={communes.map((c) => ({ value: c.code, label: c.name }))}
              aria-label="Lọc theo xã/phường"
            />
          ) : null}
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="Thủ tục"
            style={{ width: 280 }}
            value={procedure}
            onChange={setProcedure}
            options={(procedures.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))}
            aria-label="Lọc theo thủ tục"
          />
          <Select
            allowClear
            placeholder="Lĩnh vực"
            style={{ width: 200 }}
            value={field}
            onChange={setField}
            options={fields.map((f) => ({ value: f, label: f }))}
            aria-label="Lọc theo lĩnh vực"
          />
        </Space>
      </Card>
      {board.isError ? <ApiErrorAlert error={board.error} /> : null}
      <Row gutter={[12, 12]}>
        {BUCKETS.map((k) => (
          <Col key={k.key} xs={12} md={6}>
            <Card
              size="small"
              hoverable
              role="button"
              tabIndex={0}
              aria-pressed={only === k.key}
              onClick={() => setOnly(only === k.key ? null : k.key)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setOnly(only === k.key ? null : k.key)}
              style={only === k.key ? { borderColor: '#b71c1c', boxShadow: '0 0 0 1px #b71c1c' } : undefined}
            >
              <Statistic title={<StatusTag tone={k.tone}>{k.title}</StatusTag>} value={b?.counts[k.key] ?? 0} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {k.hint}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {b?.truncated ? (
        <Typography.Text type="warning">Có hơn 3.000 hồ sơ: bảng chỉ hiện 3.000 hồ sơ gấp nhất. Hãy lọc theo xã/phường, thủ tục hoặc lĩnh vực.</Typography.Text>
      ) : null}
      {b && b.items.length === 0 ? <Empty description="Không có hồ sơ quá hạn, sắp đến hạn hay chờ công dân" /> : null}
      {b ? <Units board={b} only={only} /> : null}
    </Space>
  );
}

function Units({ board, only }: { board: BoardData; only: Bucket | null }) {
  const items = only ? board.items.filter((i) => i.bucket === only) : board.items;
  return (
    <>
      {board.departments
        .map((u) => ({ u, rows: items.filter((i) => i.unit.code === u.code) }))
        .filter((x) => x.rows.length > 0)
        .map(({ u, rows }) => (
          <Card
            key={u.code}
            size="small"
            className="board-unit"
            title={
              <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                {u.name}
              </Typography.Title>
            }
            extra={
              <Space size={4} wrap>
                {BUCKETS.filter((k) => u.counts[k.key] > 0).map((k) => (
                  <StatusTag key={k.key} tone={k.tone}>
                    {k.title}: {u.counts[k.key]}
                  </StatusTag>
                ))}
              </Space>
            }
          >
            <Table<BoardItem>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={rows}
              columns={[
                { title: 'Mã hồ sơ', render: (_, r) => <Link to={`/ho-so/${r.id}`}>{r.code}</Link> },
                { title: 'Thủ tục', render: (_, r) => r.procedure.name },
                { title: 'Người nộp', dataIndex: 'applicantName' },
                { title: 'Bước', render: (_, r) => (r.step ? `${r.step.name}${r.step.late ? ' (trễ)' : ''}` : '—') },
                { title: 'Tình trạng', render: (_, r) => <StatusTag tone={TONE[r.bucket]}>{r.bucketText}</StatusTag> },
                {
                  title: 'Còn lại / quá hạn',
                  render: (_, r) => (
                    <span style={{ color: (r.workingTimeLeft?.ms ?? 0) < 0 ? '#b3261e' : undefined, fontWeight: 600 }}>{r.workingTimeLeft?.text ?? '—'}</span>
                  ),
                },
                { title: 'Hẹn trả', render: (_, r) => fmtDateTime(r.dueAt) },
                { title: 'Hạn xin lỗi (mẫu 04)', render: (_, r) => (r.apology.needed ? fmtDateTime(r.apology.dueBy) : r.apology.issued ? 'Đã xin lỗi' : '—') },
              ]}
            />
          </Card>
        ))}
    </>
  );
}
