import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Typography } from 'antd';
import { api, data } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';
import { StatusTag } from '../../components/status-tag';

interface Param {
  value: unknown;
  source: string;
  confirmed: boolean;
}

/** Parameters as rows: "apology.leadTime" → its value, source and whether the law confirms it. */
function params(rs: Record<string, unknown>, prefix = ''): { key: string; p: Param }[] {
  return Object.entries(rs).flatMap(([k, v]) => {
    if (v && typeof v === 'object' && 'confirmed' in v && 'source' in v) return [{ key: prefix + k, p: v as Param }];
    if (v && typeof v === 'object' && !Array.isArray(v)) return params(v as Record<string, unknown>, `${prefix}${k}.`);
    return [];
  });
}

const show = (v: unknown): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The rule sets (/quan-tri/quy-tac): legal parameters by effective date, the one in force, what is unconfirmed. */
export default function RuleSetsAdmin() {
  const q = useQuery({ queryKey: ['admin', 'rule-sets'], queryFn: () => data(api.GET('/api/v1/admin/rule-sets')) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Bộ quy tắc nghiệp vụ
      </Typography.Title>
      {q.isError ? <ApiErrorAlert error={q.error} /> : null}
      {[...(q.data?.items ?? [])].reverse().map((raw) => {
        const rs = raw as Record<string, unknown> & { id: string; name: string; effectiveFrom: string };
        return (
          <Card
            key={rs.id}
            size="small"
            title={
              <Space>
                <span>{rs.name}</span>
                {rs.id === q.data?.inForce ? <StatusTag tone="green">đang áp dụng</StatusTag> : null}
              </Space>
            }
            extra={<Typography.Text type="secondary">hiệu lực từ {rs.effectiveFrom.split('-').reverse().join('/')}</Typography.Text>}
          >
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={params(rs)}
              columns={[
                { title: 'Tham số', dataIndex: 'key' },
                { title: 'Giá trị', render: (_, r) => show(r.p.value) },
                { title: 'Nguồn', render: (_, r) => r.p.source },
                {
                  title: 'Xác nhận',
                  render: (_, r) => <StatusTag tone={r.p.confirmed ? 'green' : 'orange'}>{r.p.confirmed ? 'đã xác nhận' : 'chưa xác nhận'}</StatusTag>,
                },
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );
}
