import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Form, Input, Radio, Segmented, Select, Space, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, data } from '../../api/client';
import type { FeedbackItem } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { StatusTag } from '../../components/status-tag';
import { fmtDateTime } from '../../format';

const STATUS_TONE: Record<string, string> = {
  received: 'blue',
  classified: 'purple',
  forwarded: 'orange',
  answered: 'volcano',
  published: 'green',
  out_of_scope: 'default',
};
const ABOUT_TEXT: Record<string, string> = { regulation: 'Quy định hành chính', dossier_handling: 'Việc giải quyết hồ sơ', other: 'Khác' };
type Action = FeedbackItem['allowedActions'][number];
const ACTION_TEXT: Record<Action, string> = { classify: 'Phân loại', forward: 'Chuyển đơn vị xử lý', answer: 'Trả lời', publish: 'Công khai kết quả' };

/**
 * The feedback desk (/xu-ly-phan-anh): the open items with the deadline of the step each waits in, and the forms to
 * classify (in scope or not, with the referral), forward, answer and publish, with the published answer previewed.
 */
export default function FeedbackDesk() {
  const [filter, setFilter] = useState<'open' | 'overdue' | 'all'>('open');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const query = { open: filter === 'open' ? ('true' as const) : undefined, overdue: filter === 'overdue' ? ('true' as const) : undefined, page, pageSize: 20 };
  const list = useQuery({
    queryKey: ['feedback', 'desk', query],
    queryFn: () => data(api.GET('/api/v1/feedback', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Xử lý phản ánh, kiến nghị
      </Typography.Title>
      <Segmented
        aria-label="Lọc phản ánh"
        value={filter}
        onChange={(v) => {
          setFilter(v as typeof filter);
          setPage(1);
        }}
        options={[
          { value: 'open', label: 'Đang chờ xử lý' },
          { value: 'overdue', label: 'Quá hạn' },
          { value: 'all', label: 'Tất cả' },
        ]}
      />
      {list.isError ? <ApiErrorAlert error={list.error} /> : null}
      <Table<FeedbackItem>
        rowKey="id"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => `${t} phản ánh` }}
        locale={{ emptyText: 'Không có phản ánh nào' }}
        columns={[
          {
            title: 'Mã',
            render: (_, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(r.id)}>
                {r.code}
              </Button>
            ),
          },
          { title: 'Nội dung', dataIndex: 'subject' },
          { title: 'Trạng thái', render: (_, r) => <StatusTag tone={STATUS_TONE[r.status]}>{r.statusText}</StatusTag> },
          { title: 'Bước đang chờ', render: (_, r) => (r.step ? r.step.name : '—') },
          {
            title: 'Hạn của bước',
            render: (_, r) =>
              r.step ? (
                <span style={{ color: r.step.late ? '#b3261e' : undefined, fontWeight: r.step.late ? 600 : undefined }}>
                  {fmtDateTime(r.step.dueAt)}
                  {r.step.late ? ' (trễ)' : ''}
                </span>
              ) : (
                '—'
              ),
          },
          { title: 'Hạn trả lời, công khai', render: (_, r) => <span style={{ color: r.overdue ? '#b3261e' : undefined }}>{fmtDateTime(r.dueAt)}</span> },
        ]}
      />
      {openId ? <FeedbackDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </Space>
  );
}

function FeedbackDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | null>(null);
  const [seenVersion, setSeenVersion] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const item = useQuery({ queryKey: ['feedback', id], queryFn: () => data(api.GET('/api/v1/feedback/{id}', { params: { path: { id } } })) });
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')) });
  const f = item.data;
  const units = (agencies.data?.items ?? []).filter((a) => a.level === 'department' && a.communeCode === f?.agencyCode);
  const open = (a: Action) => {
    setAction(a);
    setSeenVersion(f!.version);
    setError(null);
    form.resetFields();
  };
  const submit = async (values: Record<string, unknown>) => {
    try {
      await data(
        api.POST('/api/v1/feedback/{id}/actions', {
          params: { path: { id } },
          body: { action: action!, expectedVersion: seenVersion ?? f!.version, ...values },
        }),
      );
      message.success(`${ACTION_TEXT[action!]}: đã thực hiện.`);
      setAction(null);
      await qc.invalidateQueries({ queryKey: ['feedback'] });
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        setAction(null);
        await qc.invalidateQueries({ queryKey: ['feedback', id] });
      }
    }
  };
  return (
    <Drawer open width={640} title={f ? `Phản ánh ${f.code}` : 'Phản ánh'} onClose={onClose}>
      {item.isError ? <ApiErrorAlert error={item.error} /> : null}
      {f ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="Trạng thái">
              <StatusTag tone={STATUS_TONE[f.status]}>{f.statusText}</StatusTag>
              {f.step ? ` · ${f.step.name}, hạn ${fmtDateTime(f.step.dueAt)}${f.step.late ? ' (đã trễ)' : ''}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="Người gửi">
              {f.sender.fullName}
              {f.sender.phone ? ` · ${f.sender.phone}` : ''}
              {f.sender.email ? ` · ${f.sender.email}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="Về">
              {ABOUT_TEXT[f.about] ?? f.about}
              {f.dossierId ? (
                <>
                  {' · '}
                  <Link to={`/ho-so/${f.dossierId}`}>xem hồ sơ</Link>
                </>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label="Tiêu đề">{f.subject}</Descriptions.Item>
            <Descriptions.Item label="Nội dung">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{f.body}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="Hạn trả lời, công khai">{fmtDateTime(f.dueAt)}</Descriptions.Item>
            {f.unitCode ? <Descriptions.Item label="Đơn vị xử lý">{units.find((u) => u.code === f.unitCode)?.name ?? f.unitCode}</Descriptions.Item> : null}
            {f.answer ? <Descriptions.Item label="Trả lời">{f.answer}</Descriptions.Item> : null}
            {f.outOfScopeReason ? <Descriptions.Item label="Không thuộc phạm vi">{f.outOfScopeReason}</Descriptions.Item> : null}
          </Descriptions>
          <Space wrap>
            {f.allowedActions.map((a) => (
              <Button key={a} type={a === 'publish' || a === 'answer' ? 'primary' : 'default'} onClick={() => open(a)}>
                {ACTION_TEXT[a]}
              </Button>
            ))}
          </Space>
          {error ? <ApiErrorAlert error={error} /> : null}
          {action ? (
            <Card size="small" title={ACTION_TEXT[action]}>
              <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ inScope: true }}>
                {action === 'classify' ? (
                  <>
                    <Form.Item name="inScope" label="Phân loại">
                      <Radio.Group
                        options={[
                          { value: true, label: 'Thuộc phạm vi xử lý phản ánh, kiến nghị' },
                          { value: false, label: 'Không thuộc phạm vi (khiếu nại, tố cáo, việc khác)' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        form.getFieldValue('inScope') === false ? (
                          <Form.Item
                            name="reason"
                            label="Lý do và nơi có thẩm quyền giải quyết"
                            rules={[{ required: true, message: 'Hãy nêu lý do và nơi chuyển đến' }]}
                          >
                            <Input.TextArea rows={3} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </>
                ) : null}
                {action === 'forward' ? (
                  <Form.Item name="unitCode" label="Đơn vị xử lý" rules={[{ required: true, message: 'Chọn phòng, ban xử lý' }]}>
                    <Select options={units.map((u) => ({ value: u.code, label: u.name }))} aria-label="Đơn vị xử lý" />
                  </Form.Item>
                ) : null}
                {action === 'answer' ? (
                  <Form.Item name="answer" label="Nội dung trả lời" rules={[{ required: true, message: 'Hãy nhập nội dung trả lời' }]}>
                    <Input.TextArea rows={6} />
                  </Form.Item>
                ) : null}
                {action === 'publish' ? <PublishPreview item={f} /> : null}
                <Space>
                  <Button type="primary" htmlType="submit">
                    Xác nhận
                  </Button>
                  <Button onClick={() => setAction(null)}>Hủy</Button>
                </Space>
              </Form>
            </Card>
          ) : null}
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            Nhật ký xử lý
          </Typography.Title>
          <Timeline
            items={(f.timeline ?? []).map((e) => ({
              children: `${fmtDateTime(e.at)} — ${ACTION_TEXT[e.action as Action] ?? (e.action === 'receive' ? 'Tiếp nhận' : e.action)} (${e.actor})${e.note ? `: ${e.note}` : ''}`,
            }))}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}

/** The answer as citizens will read it on the public page once published. */
function PublishPreview({ item }: { item: FeedbackItem }) {
  return (
    <Card size="small" type="inner" title="Xem trước nội dung công khai" style={{ marginBottom: 16 }}>
      <Typography.Text strong>{item.subject}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
        Mã {item.code} · tiếp nhận {fmtDateTime(item.receivedAt)}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.answer}</Typography.Paragraph>
      <Typography.Text type="secondary">Người gửi được che tên; nội dung phản ánh và thông tin liên hệ không được công khai.</Typography.Text>
    </Card>
  );
}
