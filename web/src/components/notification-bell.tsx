import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { fmtDateTime } from '../format';

/**
 * The bell: the newest notifications of the officer's unit (warnings, overdue dossiers and the apologies they owe,
 * feedback to handle, reports produced). Opening it marks them seen. Live events reload it as dossiers change; the
 * interval catches what the jobs deliver meanwhile.
 */
export function NotificationBell() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['notifications', 'mine'], queryFn: () => data(api.GET('/api/v1/notifications/mine')), refetchInterval: 60_000 });
  const items = q.data?.items ?? [];
  const unread = q.data?.unread ?? 0;
  const onOpen = (open: boolean) => {
    if (!open || !unread || !items[0]) return;
    void data(api.POST('/api/v1/notifications/mine/seen', { body: { upTo: items[0].id } })).then(() =>
      qc.invalidateQueries({ queryKey: ['notifications', 'mine'] }),
    );
  };
  const content = (
    <div style={{ width: 380, maxHeight: 460, overflowY: 'auto' }}>
      {items.length === 0 ? (
        <Empty description="Chưa có thông báo" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item style={{ background: n.unread ? '#fff8e1' : undefined, display: 'block' }}>
              <Typography.Text strong>{n.dossierId ? <Link to={`/ho-so/${n.dossierId}`}>{n.subject}</Link> : n.subject}</Typography.Text>
              <Typography.Paragraph style={{ margin: '2px 0', fontSize: 13 }}>{n.body}</Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fmtDateTime(n.createdAt)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover content={content} title="Thông báo" trigger="click" placement="bottomRight" onOpenChange={onOpen}>
      <Button type="text" aria-label={unread ? `Thông báo: ${unread} chưa xem` : 'Thông báo'}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
