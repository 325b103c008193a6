import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Tag, Timeline, Typography, Upload, message } from 'antd';
import type { UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, data, download } from '../../../api/client';
import type { PlanTaskDetail } from '../../../api/types';
import { ApiErrorAlert } from '../../../components/api-error';
import { fmtDate } from '../../../format';
import { ENTRY_KIND, periodText, STATUS } from './labels';

const MAX_FILE = 1024 * 1024;

interface Values {
  note: string;
  evidenceRef?: string;
  period?: string;
  doneOn?: dayjs.Dayjs;
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * One task (opened from the plan page): what the plan says of it, each entry the units recorded with their evidence, and
 * for the lead unit or the coordinator a form to record progress, mark it done (with the day) or reopen it.
 */
export function TaskDrawer({ planId, taskId, onClose }: { planId: string; taskId: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<UploadFile | null>(null);
  const task = useQuery({
    queryKey: ['plan-task', planId, taskId],
    queryFn: () => data(api.GET('/api/v1/plans/{planId}/tasks/{taskId}', { params: { path: { planId, taskId: taskId! } } })) as Promise<PlanTaskDetail>,
    enabled: taskId !== null,
  });
  const t = task.data;
  const save = useMutation({
    mutationFn: async (kind: 'progress' | 'done' | 'reopen') => {
      const v = await form.validateFields();
      const raw = file?.originFileObj as File | undefined;
      const body = {
        kind,
        note: v.note,
        evidenceRef: v.evidenceRef || undefined,
        period: t?.periodKind === 'once' ? undefined : v.period,
        doneOn: kind === 'done' && v.doneOn ? v.doneOn.format('YYYY-MM-DD') : undefined,
        evidenceFile: raw ? { name: raw.name, type: raw.type || 'application/octet-stream', content: await base64Of(raw) } : undefined,
      };
      return data(api.POST('/api/v1/plans/{planId}/tasks/{taskId}/progress', { params: { path: { planId, taskId: taskId! } }, body }));
    },
    onSuccess: (_r, kind) => {
      message.success(kind === 'done' ? 'Đã đánh dấu hoàn thành' : kind === 'reopen' ? 'Đã mở lại nhiệm vụ' : 'Đã ghi tiến độ');
      form.resetFields();
      setFile(null);
      void qc.invalidateQueries({ queryKey: ['plan-task', planId, taskId] });
      void qc.invalidateQueries({ queryKey: ['plan-tasks'] });
    },
  });
  // A periodic task records one of its periods, up to the current one.
  const periods = (t?.instances ?? []).filter((i) => i.period && i.period <= (t?.current.period ?? ''));
  const done = t?.current.status === 'done';
  return (
    <Drawer open={taskId !== null} onClose={onClose} width={720} title={t ? `Nhiệm vụ ${t.id}` : 'Nhiệm vụ'} destroyOnHidden>
      {task.isError && <ApiErrorAlert error={task.error} />}
      {t && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ fontSize: 15 }}>{t.content}</Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            {t.product && <Descriptions.Item label="Sản phẩm">{t.product}</Descriptions.Item>}
            <Descriptions.Item label="Cơ quan chủ trì">{t.lead.map((u) => u.name).join('; ')}</Descriptions.Item>
            {t.cooperating.length > 0 && <Descriptions.Item label="Cơ quan phối hợp">{t.cooperating.map((u) => u.name).join('; ')}</Descriptions.Item>}
            <Descriptions.Item label="Thời gian thực hiện">
              {t.deadline.text}
              {t.deadline.note ? ` (${t.deadline.note})` : ''}
              {t.current.due ? ` — hạn ${fmtDate(t.current.due)}` : ''}
              {t.current.period ? ` — ${periodText(t.current.period)}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="Tình trạng">
              <Tag color={STATUS[t.current.status].color}>{STATUS[t.current.status].text}</Tag>
              {t.current.doneOn ? `ngày ${fmtDate(t.current.doneOn)}` : ''}
            </Descriptions.Item>
            {t.instances.length > 0 && (
              <Descriptions.Item label="Các kỳ trong năm">
                <Space wrap>
                  {t.instances.map((i) => (
                    <Tag key={i.period} color={STATUS[i.status].color}>
                      {periodText(i.period)}: {STATUS[i.status].text}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="Nguồn">Dòng {t.line} của văn bản kế hoạch</Descriptions.Item>
          </Descriptions>
          {t.assumed && <Alert type="warning" showIcon title="Văn bản bỏ trống" description={t.assumed} />}

          <Typography.Title level={5}>Tiến độ đã ghi</Typography.Title>
          {t.entries.length === 0 ? (
            <Typography.Text type="secondary">Chưa có cập nhật nào.</Typography.Text>
          ) : (
            <Timeline
              items={t.entries.map((e) => ({
                color: e.kind === 'done' ? 'green' : e.kind === 'reopen' ? 'orange' : 'blue',
                children: (
                  <div>
                    <b>{ENTRY_KIND[e.kind]}</b>
                    {e.period ? ` — ${periodText(e.period)}` : ''} · {e.authorName}
                    {e.unit ? ` (${e.unit})` : ''} · {fmtDate(e.recordedAt)}
                    <div>{e.note}</div>
                    {e.evidenceRef && <div>Văn bản: {e.evidenceRef}</div>}
                    {e.evidenceFile && (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => void download(`/api/v1/plans/${planId}/entries/${e.id}/evidence`).catch((err: Error) => message.error(err.message))}
                      >
                        Tải minh chứng: {e.evidenceFile.name}
                      </Button>
                    )}
                  </div>
                ),
              }))}
            />
          )}

          {t.canRecord ? (
            <Form form={form} layout="vertical" initialValues={{ period: t.current.period ?? undefined }} aria-label="Cập nhật tiến độ">
              <Typography.Title level={5}>Cập nhật</Typography.Title>
              {save.isError && <ApiErrorAlert error={save.error} />}
              {t.periodKind !== 'once' && (
                <Form.Item name="period" label="Kỳ báo cáo" rules={[{ required: true, message: 'Chọn kỳ' }]}>
                  <Select options={periods.map((p) => ({ value: p.period!, label: periodText(p.period) }))} style={{ width: 200 }} />
                </Form.Item>
              )}
              <Form.Item name="note" label="Nội dung đã thực hiện" rules={[{ required: true, min: 3, message: 'Ghi nội dung đã thực hiện (ít nhất 3 ký tự)' }]}>
                <Input.TextArea rows={3} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item name="evidenceRef" label="Số, ký hiệu văn bản minh chứng">
                <Input maxLength={300} placeholder="Ví dụ: 15/KH-UBND ngày 18/3/2026" />
              </Form.Item>
              <Form.Item label="Tệp minh chứng (tối đa 1 MB)">
                <Upload
                  maxCount={1}
                  fileList={file ? [file] : []}
                  beforeUpload={(f) => {
                    if (f.size > MAX_FILE) {
                      message.error('Tệp minh chứng tối đa 1 MB');
                      return Upload.LIST_IGNORE;
                    }
                    setFile({ uid: f.uid, name: f.name, originFileObj: f as UploadFile['originFileObj'] });
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                >
                  <Button>Chọn tệp</Button>
                </Upload>
              </Form.Item>
              {!done && t.deadline.kind !== 'ongoing' && (
                <Form.Item name="doneOn" label="Ngày hoàn thành (khi đánh dấu hoàn thành; mặc định hôm nay)">
                  <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
              )}
              <Space wrap>
                <Button type="primary" loading={save.isPending} onClick={() => save.mutate('progress')}>
                  {t.deadline.kind === 'ongoing' ? 'Ghi kết quả kỳ này' : 'Ghi tiến độ'}
                </Button>
                {!done && t.deadline.kind !== 'ongoing' && (
                  <Button loading={save.isPending} onClick={() => save.mutate('done')}>
                    Đánh dấu hoàn thành
                  </Button>
                )}
                {done && (
                  <Button danger loading={save.isPending} onClick={() => save.mutate('reopen')}>
                    Mở lại
                  </Button>
                )}
              </Space>
            </Form>
          ) : (
            <Typography.Text type="secondary">Chỉ đơn vị chủ trì hoặc đơn vị theo dõi kế hoạch được cập nhật nhiệm vụ này.</Typography.Text>
          )}
        </Space>
      )}
    </Drawer>
  );
}
