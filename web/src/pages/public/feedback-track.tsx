import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Result, Spin, Typography } from 'antd';
import { useParams } from 'react-router';
import { api, ApiError, data } from '../../api/client';
import { StatusTag } from '../../components/status-tag';
import { ApiErrorAlert } from '../../components/api-error';
import { fmtDateTime } from '../../format';

export default function FeedbackTrack() {
  const { code = '' } = useParams();
  const q = useQuery({ queryKey: ['feedback', code], queryFn: () => data(api.GET('/api/v1/public/feedback/{code}', { params: { path: { code } } })) });
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 404) {
      return (
        <Result
          status="404"
          title="Không tìm thấy phản ánh"
          subTitle={`Không có phản ánh mã ${code}.`}
          extra={<Button href="/phan-anh">Gửi phản ánh</Button>}
        />
      );
    }
    return <ApiErrorAlert error={q.error} />;
  }
  if (!q.data) return <Spin />;
  const f = q.data;
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        Phản ánh {f.code}
      </Typography.Title>
      <Descriptions column={1} size="small">
        <Descriptions.Item label="Tình trạng">
          <StatusTag tone="blue">{f.statusText}</StatusTag>
        </Descriptions.Item>
        <Descriptions.Item label="Người gửi">{f.senderName}</Descriptions.Item>
        <Descriptions.Item label="Nơi nhận">{f.agency.name}</Descriptions.Item>
        <Descriptions.Item label="Ngày nhận">{fmtDateTime(f.receivedAt)}</Descriptions.Item>
        {f.dueAt ? <Descriptions.Item label="Hạn xử lý">{fmtDateTime(f.dueAt)}</Descriptions.Item> : null}
        {f.subject ? <Descriptions.Item label="Tiêu đề">{f.subject}</Descriptions.Item> : null}
        {f.outOfScopeReason ? <Descriptions.Item label="Không thuộc phạm vi xử lý">{f.outOfScopeReason}</Descriptions.Item> : null}
      </Descriptions>
      {f.answer ? (
        <Card size="small" title={`Trả lời (công khai ngày ${fmtDateTime(f.publishedAt)})`} style={{ marginTop: 12 }}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{f.answer}</Typography.Paragraph>
        </Card>
      ) : null}
    </Card>
  );
}
