import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Spin, Steps, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { api, ApiError, data } from '../../api/client';
import type { PublicDossier } from '../../api/types';
import { StatusTag } from '../../components/status-tag';
import { ApiErrorAlert } from '../../components/api-error';
import { fmtDateTime, fmtMoney } from '../../format';
import { RATING_TEXT } from '../../labels';

/** The plain-language sentence at the top: what the citizen needs to know now. */
function headline(d: PublicDossier): { text: string; type: 'success' | 'info' | 'warning' | 'error' } {
  if (d.status === 'returned') return { text: 'Hồ sơ đã trả kết quả.', type: 'success' };
  if (d.status === 'result_ready') return { text: 'Đã có kết quả. Mời ông/bà đến Trung tâm nhận kết quả.', type: 'success' };
  if (d.status === 'awaiting_supplement') return { text: 'Hồ sơ cần bổ sung giấy tờ. Mời ông/bà bổ sung để tiếp tục giải quyết.', type: 'warning' };
  if (d.status === 'awaiting_payment') return { text: 'Hồ sơ đang chờ nộp phí, lệ phí.', type: 'warning' };
  if (d.status === 'denied') return { text: 'Hồ sơ bị từ chối giải quyết.', type: 'error' };
  if (d.status === 'withdrawn' || d.status === 'stopped') return { text: `${d.statusText}.`, type: 'info' };
  return { text: `Hồ sơ đang được giải quyết. Hẹn trả kết quả: ${fmtDateTime(d.dueAt)}.`, type: 'info' };
}

/**
 * What the receipt's QR code opens (`/tra-cuu/<code>?k=<secret>`), phone first. With the secret the citizen sees
 * the steps, the papers still missing, the apology letters, and may rate the service once the result is returned.
 */
export default function Track() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const k = params.get('k') ?? undefined;
  const qc = useQueryClient();
  const key = ['track', code, k];
  const q = useQuery({ queryKey: key, queryFn: () => data(api.GET('/api/v1/public/dossiers/{code}', { params: { path: { code }, query: { k } } })) });
  const rate = useMutation({
    mutationFn: (v: { level: string; comment?: string }) =>
      data(api.POST('/api/v1/public/dossiers/{code}/rating', { params: { path: { code } }, body: { ...v, level: v.level as 'satisfied', secret: k } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });

  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 404) {
      return (
        <Result
          status="404"
          title="Không tìm thấy hồ sơ"
          subTitle={`Không có hồ sơ mã ${code}. Kiểm tra lại mã in trên giấy tiếp nhận.`}
          extra={<Button href="/tra-cuu">Tra cứu mã khác</Button>}
        />
      );
    }
    return <ApiErrorAlert error={q.error} />;
  }
  if (!q.data) return <Spin />;
  const d = q.data;
  const h = headline(d);
  const stepsDone = d.steps?.filter((s) => s.finishedAt).length ?? 0;

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        Hồ sơ {d.code}
      </Typography.Title>
      <Alert type={h.type} showIcon title={<span style={{ fontSize: 16 }}>{h.text}</span>} />
      <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label="Tình trạng">
          <StatusTag tone="blue">{d.statusText}</StatusTag>
        </Descriptions.Item>
        <Descriptions.Item label="Thủ tục">{d.procedure.name}</Descriptions.Item>
        <Descriptions.Item label="Người nộp">{d.applicantName}</Descriptions.Item>
        <Descriptions.Item label="Nơi giải quyết">{d.agency.name}</Descriptions.Item>
        <Descriptions.Item label="Ngày tiếp nhận">{fmtDateTime(d.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="Hẹn trả kết quả">{fmtDateTime(d.dueAt)}</Descriptions.Item>
        {d.result?.returnedAt ? <Descriptions.Item label="Đã trả kết quả">{fmtDateTime(d.result.returnedAt)}</Descriptions.Item> : null}
        {d.denialReason ? <Descriptions.Item label="Lý do từ chối">{d.denialReason}</Descriptions.Item> : null}
      </Descriptions>
      {d.missingPapers?.length ? (
        <Alert
          type="warning"
          style={{ marginTop: 12 }}
          title="Giấy tờ cần bổ sung"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {d.missingPapers.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {d.payment ? <Alert type="warning" style={{ marginTop: 12 }} title={`Cần nộp phí, lệ phí: ${fmtMoney(d.payment.amount ?? 0)}`} /> : null}
      {d.apologyLetters?.map((a, i) => (
        <Alert
          key={i}
          type="info"
          style={{ marginTop: 12 }}
          title="Thư xin lỗi của cơ quan giải quyết"
          description={`Ngày ${fmtDateTime(a.at)}, cơ quan giải quyết xin lỗi ông/bà vì hồ sơ chậm so với hẹn (${fmtDateTime(a.previousDueAt)}). Lý do: ${a.reason}. Hẹn lại ngày trả kết quả: ${fmtDateTime(a.newDueAt)}.`}
        />
      ))}
      {d.steps ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            Các bước giải quyết
          </Typography.Title>
          <Steps
            direction="vertical"
            size="small"
            current={stepsDone}
            items={d.steps.map((s) => ({ title: s.name, description: s.finishedAt ? `Xong lúc ${fmtDateTime(s.finishedAt)}` : (s.unit ?? undefined) }))}
          />
        </>
      ) : (
        <Alert type="info" style={{ marginTop: 12 }} title="Mở đường dẫn từ mã QR trên giấy tiếp nhận để xem chi tiết các bước và đánh giá sự hài lòng." />
      )}
      {d.canRate ? (
        <Card size="small" title="Đánh giá sự hài lòng" style={{ marginTop: 16 }}>
          <Form layout="vertical" onFinish={(v) => rate.mutate(v)}>
            <Form.Item name="level" label="Ông/bà có hài lòng với việc giải quyết hồ sơ?" rules={[{ required: true, message: 'Chọn một mức' }]}>
              <Radio.Group options={Object.entries(RATING_TEXT).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="comment" label="Góp ý (không bắt buộc)">
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
            {rate.isError ? <ApiErrorAlert error={rate.error} /> : null}
            <Button type="primary" htmlType="submit" loading={rate.isPending} style={{ marginTop: 8 }}>
              Gửi đánh giá
            </Button>
          </Form>
        </Card>
      ) : null}
      {d.rated ? (
        <Alert
          type="success"
          style={{ marginTop: 12 }}
          title={`Cảm ơn ông/bà đã đánh giá${d.rating ? `: ${RATING_TEXT[d.rating.level] ?? d.rating.level}` : ''}.`}
        />
      ) : null}
    </Card>
  );
}
