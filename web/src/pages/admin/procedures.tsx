import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, data } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';
import { StatusTag } from '../../components/status-tag';
import { fmtDateTime } from '../../format';

interface Step {
  id: string;
  name: string;
  owner: string;
  budget: number;
}

/** The procedure catalogue (/quan-tri/thu-tuc): each procedure's published definition versions and their steps. */
export default function ProceduresAdmin() {
  const [code, setCode] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['procedures', 'all'], queryFn: () => data(api.GET('/api/v1/procedures')) });
  const versions = useQuery({
    queryKey: ['procedure-versions', code],
    queryFn: () => data(api.GET('/api/v1/admin/procedures/{code}/versions', { params: { path: { code: code! } } })),
    enabled: !!code,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Danh mục thủ tục và phiên bản quy trình
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        Định nghĩa thủ tục nằm trong thư mục workflows/ và được thay đổi qua một lần sửa có kiểm tra; mỗi hồ sơ giữ phiên bản quy trình đã áp dụng khi tiếp
        nhận.
      </Typography.Paragraph>
      {list.isError ? <ApiErrorAlert error={list.error} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) 2fr', gap: 16 }}>
        <List
          bordered
          size="small"
          dataSource={list.data?.items ?? []}
          renderItem={(p) => (
            <List.Item style={{ borderLeft: p.code === code ? '4px solid #b71c1c' : '4px solid transparent', padding: '2px 8px' }}>
              <Button
                type="text"
                block
                aria-pressed={p.code === code}
                style={{ textAlign: 'left', height: 'auto', whiteSpace: 'normal' }}
                onClick={() => setCode(p.code)}
              >
                <Typography.Text strong={p.code === code}>{p.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {p.code}
                </Typography.Text>
              </Button>
            </List.Item>
          )}
        />
        <div>
          {!code ? <Empty description="Chọn một thủ tục để xem các phiên bản" /> : null}
          {versions.isError ? <ApiErrorAlert error={versions.error} /> : null}
          {(versions.data?.items ?? []).map((v) => (
            <Card
              key={v.version}
              size="small"
              style={{ marginBottom: 12 }}
              title={
                <Space>
                  <span>Phiên bản {v.version}</span>
                  {v.version === versions.data?.current ? <StatusTag tone="green">đang áp dụng</StatusTag> : <StatusTag>cũ</StatusTag>}
                </Space>
              }
              extra={<Typography.Text type="secondary">công bố {fmtDateTime(v.publishedAt)}</Typography.Text>}
            >
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="Thời hạn">{String((v.deadline as { text?: string }).text ?? '')}</Descriptions.Item>
                <Descriptions.Item label="Mã băm">
                  <Tag>{v.hash.slice(0, 12)}</Tag>
                </Descriptions.Item>
              </Descriptions>
              <Table<Step>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={v.steps as unknown as Step[]}
                columns={[
                  { title: 'Bước', dataIndex: 'name' },
                  { title: 'Đơn vị thực hiện', dataIndex: 'owner' },
                  { title: 'Thời gian (ngày làm việc)', dataIndex: 'budget', align: 'right' },
                ]}
              />
            </Card>
          ))}
        </div>
      </div>
    </Space>
  );
}
