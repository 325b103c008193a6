import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { api, data } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';
import { StatusTag } from '../../components/status-tag';

/**
 * The background jobs (/quan-tri/hang-doi): how many wait, run, are delayed or failed in each queue, and the way into
 * bull-board (/admin/queues) for the details. The board is a page of its own that sends no token: the button first
 * hands this session's token to a cookie scoped to it.
 */
export default function QueuesAdmin() {
  const q = useQuery({ queryKey: ['admin', 'queues'], queryFn: () => data(api.GET('/api/v1/admin/queues')), refetchInterval: 10_000 });
  const open = useMutation({
    mutationFn: () => data(api.POST('/api/v1/admin/queues/session')),
    onSuccess: () => window.open(q.data?.board ?? '/admin/queues', '_blank', 'noopener'),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Hàng đợi tác vụ nền
      </Typography.Title>
      {q.isError ? <ApiErrorAlert error={q.error} /> : null}
      {open.isError ? <ApiErrorAlert error={open.error} /> : null}
      {q.data && !q.data.enabled ? (
        <Alert
          type="info"
          showIcon
          message="Máy chủ chạy ở chế độ nhúng"
          description="Các tác vụ nền (quét thời hạn, gửi thông báo, tổng hợp, báo cáo định kỳ) chạy ngay trong máy chủ, không qua hàng đợi Redis; không có bảng hàng đợi để xem."
        />
      ) : null}
      {q.data?.enabled ? (
        <>
          <Table
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={q.data.queues}
            columns={[
              { title: 'Hàng đợi', render: (_, r) => r.label },
              { title: 'Đang chờ', align: 'right', render: (_, r) => r.counts?.waiting ?? '—' },
              { title: 'Đang chạy', align: 'right', render: (_, r) => r.counts?.active ?? '—' },
              { title: 'Hẹn giờ', align: 'right', render: (_, r) => r.counts?.delayed ?? '—' },
              {
                title: 'Lỗi',
                align: 'right',
                render: (_, r) => (r.counts?.failed ? <StatusTag tone="red">{r.counts.failed}</StatusTag> : (r.counts?.failed ?? '—')),
              },
            ]}
          />
          <div>
            <Button type="primary" loading={open.isPending} onClick={() => open.mutate()}>
              Mở bảng chi tiết hàng đợi (bull-board)
            </Button>
          </div>
        </>
      ) : null}
    </Space>
  );
}
