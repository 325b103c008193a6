import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/api-error';
import { StatusTag } from '../../components/status-tag';
import { fmtDate } from '../../format';

type Day = components['schemas']['CalendarDay'];
const TYPE_TEXT: Record<Day['type'], string> = {
  holiday: 'Nghỉ lễ',
  day_off: 'Nghỉ bù, hoán đổi',
  working_day: 'Làm bù',
  announced: 'Đã công bố, chưa áp dụng',
};

function Days({ days }: { days: Day[] }) {
  return (
    <Table<Day>
      rowKey="date"
      size="small"
      pagination={false}
      dataSource={days}
      columns={[
        { title: 'Ngày', render: (_, d) => fmtDate(`${d.date}T12:00:00+07:00`) },
        { title: 'Loại', render: (_, d) => TYPE_TEXT[d.type] },
        { title: 'Tên', dataIndex: 'name' },
        { title: 'Nguồn', dataIndex: 'source' },
        { title: 'Xác nhận', render: (_, d) => <StatusTag tone={d.confirmed ? 'green' : 'orange'}>{d.confirmed ? 'đã xác nhận' : 'chưa xác nhận'}</StatusTag> },
      ]}
    />
  );
}

/** Working calendars (/quan-tri/lich): each year's days with what is unconfirmed, and next year's proposal beside it. */
export default function CalendarsAdmin() {
  const cals = useQuery({ queryKey: ['admin', 'calendars'], queryFn: () => data(api.GET('/api/v1/admin/calendars')) });
  const [name, setName] = useState('vn');
  const cal = cals.data?.items.find((c) => c.name === name);
  const [year, setYear] = useState<number>();
  const shown = year ?? cal?.years.at(-1)?.year;
  const days = cal?.years.find((y) => y.year === shown);
  const nextYear = (cal?.years.at(-1)?.year ?? new Date().getFullYear()) + 1;
  const proposal = useQuery({
    queryKey: ['admin', 'calendar-proposal', name, nextYear],
    queryFn: () => data(api.GET('/api/v1/admin/calendars/{name}/proposal', { params: { path: { name }, query: { year: nextYear } } })),
    enabled: !!cal,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Lịch làm việc
      </Typography.Title>
      {cals.isError ? <ApiErrorAlert error={cals.error} /> : null}
      <Space wrap>
        <Select
          aria-label="Lịch"
          style={{ width: 160 }}
          value={name}
          onChange={setName}
          options={(cals.data?.items ?? []).map((c) => ({ value: c.name, label: `Lịch ${c.name}` }))}
        />
        <Select
          aria-label="Năm"
          style={{ width: 220 }}
          value={shown}
          onChange={setYear}
          options={(cal?.years ?? []).map((y) => ({ value: y.year, label: `${y.year}${y.unconfirmed ? ` (${y.unconfirmed} ngày chưa xác nhận)` : ''}` }))}
        />
      </Space>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={`Năm ${shown ?? ''}: dữ liệu đang dùng`}>
            {days?.note ? <Typography.Paragraph type="secondary">{days.note}</Typography.Paragraph> : null}
            <Days days={days?.days ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`Năm ${nextYear}: đề xuất theo Bộ luật Lao động và âm lịch`}>
            <Typography.Paragraph type="secondary">
              {proposal.data?.current
                ? 'Đã có dữ liệu cho năm này; so sánh với đề xuất.'
                : 'Chưa có dữ liệu cho năm này: đề xuất dưới đây cần đối chiếu quyết định của Thủ tướng trước khi thêm vào workflows/calendars (npm run calendar:propose).'}
            </Typography.Paragraph>
            <Days days={proposal.data?.proposed ?? []} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
