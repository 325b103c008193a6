import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, List, Radio, Result, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, data } from '../../api/client';
import { ApiErrorAlert, highlightFields } from '../../components/api-error';
import { fmtDate } from '../../format';

const ABOUT = { dossier_handling: 'Việc giải quyết hồ sơ', regulation: 'Quy định hành chính', other: 'Khác' };

/** Phản ánh, kiến nghị: the form, the code to follow it by, and the answers already published. */
export default function FeedbackForm() {
  const [form] = Form.useForm();
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')) });
  const published = useQuery({
    queryKey: ['public-feedback'],
    queryFn: () => data(api.GET('/api/v1/public/feedback', { params: { query: { pageSize: 10 } } })),
  });
  const about = Form.useWatch('about', form);

  async function submit(v: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      const r = await data(api.POST('/api/v1/public/feedback', { body: v as never }));
      setSent(r.code);
    } catch (e) {
      setError(e);
      highlightFields(form, e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        Phản ánh, kiến nghị
      </Typography.Title>
      {sent ? (
        <Card>
          <Result
            status="success"
            title="Đã gửi phản ánh"
            subTitle={
              <span>
                Mã phản ánh của ông/bà: <b style={{ fontSize: 18 }}>{sent}</b>. Hãy ghi lại mã này để theo dõi kết quả xử lý.
              </span>
            }
            extra={
              <Link to={`/phan-anh/${encodeURIComponent(sent)}`}>
                <Button type="primary">Theo dõi phản ánh</Button>
              </Link>
            }
          />
        </Card>
      ) : (
        <Card>
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ about: 'dossier_handling' }}>
            <Form.Item name="agencyCode" label="Xã/phường nhận phản ánh" rules={[{ required: true, message: 'Chọn xã/phường' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(agencies.data?.items ?? []).filter((a) => a.level === 'commune').map((a) => ({ value: a.code, label: a.name }))}
                aria-label="Xã/phường nhận phản ánh"
              />
            </Form.Item>
            <Form.Item name="about" label="Nội dung phản ánh về">
              <Radio.Group options={Object.entries(ABOUT).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            {about === 'dossier_handling' ? (
              <Form.Item name="dossierCode" label="Mã hồ sơ (nếu có)">
                <Input />
              </Form.Item>
            ) : null}
            <Form.Item
              name="subject"
              label="Tiêu đề"
              rules={[
                { required: true, message: 'Nhập tiêu đề' },
                { min: 5, message: 'Tiêu đề ít nhất 5 ký tự' },
              ]}
            >
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item
              name="body"
              label="Nội dung"
              rules={[
                { required: true, message: 'Nhập nội dung' },
                { min: 10, message: 'Nội dung ít nhất 10 ký tự' },
              ]}
            >
              <Input.TextArea rows={5} />
            </Form.Item>
            <Form.Item name={['sender', 'fullName']} label="Họ và tên" rules={[{ required: true, message: 'Nhập họ và tên' }]}>
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item name={['sender', 'phone']} label="Điện thoại" rules={[{ pattern: /^\+?\d{8,15}$/, message: 'Số điện thoại gồm 8–15 chữ số' }]}>
              <Input inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item name={['sender', 'email']} label="Thư điện tử" rules={[{ type: 'email', message: 'Địa chỉ thư điện tử không hợp lệ' }]}>
              <Input autoComplete="email" />
            </Form.Item>
            {error ? (
              <div style={{ marginBottom: 12 }}>
                <ApiErrorAlert error={error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" loading={busy}>
              Gửi phản ánh
            </Button>
          </Form>
        </Card>
      )}
      <Card title="Phản ánh, kiến nghị đã được trả lời">
        <List
          dataSource={published.data?.items ?? []}
          locale={{ emptyText: 'Chưa có câu trả lời nào được công khai' }}
          renderItem={(f) => (
            <List.Item>
              <div>
                <Link to={`/phan-anh/${encodeURIComponent(f.code)}`}>
                  <b>{f.subject}</b>
                </Link>{' '}
                <Typography.Text type="secondary">
                  ({f.agency.name}, trả lời {fmtDate(f.publishedAt)})
                </Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                  {f.answer}
                </Typography.Paragraph>
              </div>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
