import { useQuery } from '@tanstack/react-query';
import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, data } from '../../api/client';
import type { Dossier } from '../../api/types';
import { ApiErrorAlert, highlightFields } from '../../components/api-error';
import { fmtDateTime } from '../../format';
import { ACTION_TEXT } from '../../labels';

const UNIT_TEXT = { working_days: 'ngày làm việc', working_hours: 'giờ làm việc', calendar_days: 'ngày' } as const;

/** Wall-clock time in Vietnam, whatever the browser's zone: the picker shows and returns Vietnam time. */
const fromVn = (iso: string): Dayjs => dayjs(iso.slice(0, 16));
const toVn = (d: Dayjs): string => `${d.format('YYYY-MM-DDTHH:mm')}:00+07:00`;

/**
 * The form of one action. The apology proposes a new appointment from the calendar API: the working time the steps
 * not yet finished were given, counted from now.
 */
export function ActionModal(props: {
  dossier: Dossier;
  action: string | null;
  onClose: () => void;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { dossier, action } = props;
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const detail = useQuery({
    queryKey: ['procedure', dossier.procedure.code],
    queryFn: () => data(api.GET('/api/v1/procedures/{code}', { params: { path: { code: dossier.procedure.code } } })),
    enabled: action === 'issue_apology' || action === 'request_payment' || action === 'extend_deadline',
  });
  const left = dossier.steps.filter((s) => !s.finishedAt).reduce((n, s) => n + s.budget, 0) || 1;
  const unit = detail.data ? (detail.data.deadline.unit === 'same_day' ? 'working_hours' : detail.data.deadline.unit) : null;
  const proposal = useQuery({
    queryKey: ['due-date', dossier.agencyCode, unit, left],
    queryFn: () =>
      data(
        api.GET('/api/v1/calendar/due-date', {
          params: { query: { agency: dossier.agencyCode, from: dossier.viewedAt ?? new Date().toISOString(), amount: left, unit: unit! } },
        }),
      ),
    enabled: action === 'issue_apology' && unit !== null,
  });
  const outcome = Form.useWatch('outcome', form);

  useEffect(() => {
    setError(null);
    form.resetFields();
  }, [action, form]);
  useEffect(() => {
    if (proposal.data && !form.getFieldValue('newDueAt')) form.setFieldValue('newDueAt', fromVn(proposal.data.dueAt));
  }, [proposal.data, form]);
  useEffect(() => {
    if (detail.data && action === 'request_payment' && form.getFieldValue('amount') === undefined) form.setFieldValue('amount', detail.data.fee.amount);
  }, [detail.data, action, form]);

  async function submit() {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: Record<string, unknown> = { ...v };
    if (v.newDueAt) body.newDueAt = toVn(v.newDueAt as Dayjs);
    for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === '') delete body[k];
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(body);
    } catch (e) {
      setError(e);
      highlightFields(form, e);
    } finally {
      setBusy(false);
    }
  }

  const reason = (label: string) => (
    <Form.Item
      name="reason"
      label={label}
      rules={[
        { required: true, message: 'Nêu rõ lý do' },
        { min: 3, message: 'Lý do quá ngắn' },
      ]}
    >
      <Input.TextArea rows={3} />
    </Form.Item>
  );

  return (
    <Modal
      open={action !== null}
      title={action ? (ACTION_TEXT[action] ?? action) : ''}
      okText="Xác nhận"
      cancelText="Hủy"
      onCancel={props.onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        Hồ sơ {dossier.code} — {dossier.procedure.name}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ outcome: 'issued', online: false, electronic: false }}>
        {action === 'request_supplement' && (
          <Form.Item name="items" label="Giấy tờ cần bổ sung (gõ rồi nhấn Enter)" rules={[{ required: true, message: 'Liệt kê ít nhất một giấy tờ' }]}>
            <Select mode="tags" open={false} placeholder="Ví dụ: Bản sao giấy chứng nhận kết hôn" aria-label="Giấy tờ cần bổ sung" />
          </Form.Item>
        )}
        {action === 'request_payment' && (
          <Form.Item name="amount" label="Số tiền (đồng)" rules={[{ required: true, message: 'Nhập số tiền' }]}>
            <InputNumber<number>
              min={0}
              step={1000}
              style={{ width: 220 }}
              formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}
              parser={(v) => Number((v ?? '').replace(/\./g, ''))}
            />
          </Form.Item>
        )}
        {action === 'confirm_payment' && (
          <Form.Item name="online" valuePropName="checked">
            <Checkbox>Đã thanh toán trực tuyến (bỏ chọn nếu nộp tại quầy)</Checkbox>
          </Form.Item>
        )}
        {action === 'approve' && (
          <>
            <Form.Item name="outcome" label="Kết quả">
              <Radio.Group
                options={[
                  { value: 'issued', label: 'Đồng ý, ban hành kết quả' },
                  { value: 'denied', label: 'Từ chối giải quyết' },
                ]}
              />
            </Form.Item>
            {outcome === 'denied' ? (
              reason('Lý do từ chối (ghi trong văn bản trả lời)')
            ) : (
              <>
                <Form.Item name="electronic" valuePropName="checked">
                  <Checkbox>Kết quả điện tử</Checkbox>
                </Form.Item>
                <Form.Item name="digitisedResult" valuePropName="checked">
                  <Checkbox>Kết quả đã được số hóa (bản giấy đã quét, lưu vào kho dữ liệu)</Checkbox>
                </Form.Item>
              </>
            )}
          </>
        )}
        {action === 'issue_apology' && (
          <>
            {reason('Lý do chậm trễ')}
            <Form.Item
              name="newDueAt"
              label="Hẹn lại ngày trả kết quả (giờ Việt Nam)"
              rules={[{ required: true, message: 'Chọn ngày hẹn mới' }]}
              extra={proposal.data ? `Đề xuất theo lịch làm việc: ${fmtDateTime(proposal.data.dueAt)}` : undefined}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" />
            </Form.Item>
          </>
        )}
        {action === 'extend_deadline' && (
          <>
            <Typography.Paragraph>
              Chỉ gia hạn trong trường hợp pháp luật cho phép, trước khi hồ sơ quá hạn; hồ sơ giải quyết trong thời hạn đã gia hạn không bị tính là trễ hạn. Trễ
              hạn vì lý do khác thì xin lỗi, hẹn lại (mẫu 04).
            </Typography.Paragraph>
            <Form.Item name="extension" label="Trường hợp gia hạn theo quy định" rules={[{ required: true, message: 'Chọn trường hợp gia hạn' }]}>
              <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                {(detail.data?.extensions ?? []).map((e) => (
                  <Radio key={e.id} value={e.id}>
                    {e.case} — {e.kind === 'add' ? 'thêm' : 'tổng cộng'} {e.amount} {UNIT_TEXT[e.unit]} ({e.source.ref})
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            {reason('Lý do cụ thể (ghi trong thông báo gửi người nộp)')}
          </>
        )}
        {(action === 'withdraw' || action === 'stop') &&
          reason(action === 'withdraw' ? 'Lý do rút hồ sơ (theo đề nghị của người nộp)' : 'Lý do dừng giải quyết')}
        {action !== 'withdraw' &&
          action !== 'stop' &&
          !(action === 'approve' && outcome === 'denied') &&
          action !== 'issue_apology' &&
          action !== 'extend_deadline' && (
            <Form.Item name="note" label="Ghi chú (không bắt buộc)">
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
      </Form>
      {error ? <ApiErrorAlert error={error} /> : null}
    </Modal>
  );
}
