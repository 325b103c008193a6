import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Input, Segmented, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, data } from '../../api/client';
import type { Inbox as InboxData, InboxItem } from '../../api/types';
import { StatusTag } from '../../components/status-tag';
import { ApiErrorAlert } from '../../components/api-error';
import { fmtDateTime } from '../../format';
import { BADGE_COLOR } from '../../labels';
import { hasRole, useSession } from '../../session';

const STATUSES: Record<string, string> = {
  received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết',
  awaiting_supplement: 'Chờ bổ sung hồ sơ',
  awaiting_payment: 'Chờ thực hiện nghĩa vụ tài chính',
  result_ready: 'Đã có kết quả, chờ trả',
};

/** The work inbox: the dossiers at my department's steps, most urgent first, with the working time left. */
export default function Inbox() {
  const session = useSession();
  const navigate = useNavigate();
  const [badge, setBadge] = useState<string>('');
  const [procedure, setProcedure] = useState<string>();
  const [field, setField] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const procedures = useQuery({
    queryKey: ['procedures', session.user.agencyCode],
    queryFn: () => data(api.GET('/api/v1/procedures', { params: { query: { agency: session.user.agencyCode ?? undefined } } })),
  });
  const params = { badge, procedure, field, status, q, page, pageSize: 20 };
  const inbox = useQuery({
    queryKey: ['inbox', params],
    queryFn: () =>
      data(
        api.GET('/api/v1/dossiers/inbox', {
          params: {
            query: {
              ...params,
              badge: (params.badge || undefined) as InboxData['items'][number]['badge'] | undefined,
              status: params.status as never,
              q: params.q || undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    // Live events reload it; this only catches the clock (a dossier turns late with nobody touching it).
    refetchInterval: 5 * 60_000,
  });
  const fields = useMemo(() => [...new Set((procedures.data?.items ?? []).map((p) => p.field))], [procedures.data]);
  const c = inbox.data?.counts;
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        {hasRole(session, 'leader') ? 'Hồ sơ chờ phê duyệt' : 'Hồ sơ cần xử lý'}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Segmented
            value={badge}
            onChange={reset((v) => setBadge(String(v)))}
            options={[
              { value: '', label: `Tất cả (${c?.all ?? 0})` },
              { value: 'overdue', label: `Quá hạn (${c?.overdue ?? 0})` },
              { value: 'warned', label: `Sắp đến hạn (${c?.warned ?? 0})` },
              { value: 'apologized', label: `Đã xin lỗi (${c?.apologized ?? 0})` },
              { value: 'waiting', label: `Chờ công dân (${c?.waiting ?? 0})` },
              { value: 'on_time', label: `Trong hạn (${c?.on_time ?? 0})` },
            ]}
          />
          <Input.Search
            placeholder="Mã hồ sơ, tên người nộp (có/không dấu), CCCD"
            allowClear
            onSearch={reset(setQ)}
            style={{ width: 320 }}
            aria-label="Tìm hồ sơ"
          />
          <Select
            allowClear
            placeholder="Thủ tục"
            style={{ width: 240 }}
            value={procedure}
            onChange={reset(setProcedure)}
            options={(procedures.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))}
            aria-label="Lọc theo thủ tục"
          />
          <Select
            allowClear
            placeholder="Lĩnh vực"
            style={{ width: 180 }}
            value={field}
            onChange={reset(setField)}
            options={fields.map((f) => ({ value: f, label: f }))}
            aria-label="Lọc theo lĩnh vực"
          />
          <Select
            allowClear
            placeholder="Trạng thái"
            style={{ width: 220 }}
            value={status}
            onChange={reset(setStatus)}
            options={Object.entries(STATUSES).map(([value, label]) => ({ value, label }))}
            aria-label="Lọc theo trạng thái"
          />
        </Space>
      </Card>
      {inbox.isError ? <ApiErrorAlert error={inbox.error} /> : null}
      <Table<InboxItem>
        rowKey="id"
        loading={inbox.isFetching && !inbox.data}
        dataSource={inbox.data?.items ?? []}
        onRow={(r) => ({ onClick: () => navigate(`/ho-so/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: inbox.data?.total ?? 0, onChange: setPage, showTotal: (t) => `${t} hồ sơ` }}
        locale={{ emptyText: 'Không có hồ sơ nào cần xử lý' }}
        columns={[
          {
            title: 'Mã hồ sơ',
            dataIndex: 'code',
            render: (code: string, r) => (
              <a
                href={`/ho-so/${r.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  void navigate(`/ho-so/${r.id}`);
                }}
              >
                {code}
              </a>
            ),
          },
          { title: 'Thủ tục', render: (_, r) => r.procedure.name },
          { title: 'Người nộp', dataIndex: 'applicantName' },
          { title: 'Bước hiện tại', render: (_, r) => r.step.name },
          { title: 'Tình trạng', render: (_, r) => <StatusTag tone={BADGE_COLOR[r.badge]}>{r.badgeText}</StatusTag> },
          {
            title: 'Thời gian còn lại',
            render: (_, r) => <span style={{ color: (r.workingTimeLeft?.ms ?? 1) < 0 ? '#cf1322' : undefined }}>{r.workingTimeLeft?.text ?? '—'}</span>,
          },
          { title: 'Hẹn trả', render: (_, r) => fmtDateTime(r.dueAt) },
        ]}
      />
    </Space>
  );
}
