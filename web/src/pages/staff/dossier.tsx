import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, data } from '../../api/client';
import type { Dossier, DossierStep } from '../../api/types';
import { StatusTag } from '../../components/status-tag';
import { ApiErrorAlert } from '../../components/api-error';
import { FormModal } from '../../components/printable-form';
import { fmtDateTime, fmtMoney } from '../../format';
import { ACTION_TEXT, CHANNEL_TEXT, DOCUMENT_FORM_TEXT, RATING_TEXT, RESULT_TEXT } from '../../labels';
import { ActionModal } from './action-modal';

const CONDITION_COLOR: Record<string, string> = { on_time: 'green', apologized: 'purple', overdue: 'red', overdue_apologized: 'volcano' };

/** A printable document's button: its number in the dossier's rule set, or its title when it has none. */
const formButtonText = (f: Dossier['forms'][number]): string => (f.number ? `Mẫu ${f.number}` : f.key === 'denial' ? 'Thông báo từ chối' : f.title);

/**
 * One dossier as staff see it: where it is, who holds it, how much working time is left, what happened; the buttons
 * are the actions this user may take now, as the server says.
 */
export default function DossierPage() {
  const { id } = useParams();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [action, setActionState] = useState<string | null>(null);
  // The version the officer saw when opening the action: a live reload meanwhile must not slip a newer one under it.
  const [seenVersion, setSeenVersion] = useState<number | null>(null);
  const [form, setForm] = useState<string | null>(null);
  const key = ['dossier', id];
  const q = useQuery({ queryKey: key, queryFn: () => data(api.GET('/api/v1/dossiers/{id}', { params: { path: { id: id! } } })) });
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')) });
  const nameOf = (code: string): string => agencies.data?.items.find((a) => a.code === code)?.name ?? code;

  if (q.isError) return <ApiErrorAlert error={q.error} />;
  if (!q.data) return <Spin />;
  const d = q.data;

  async function act(body: Record<string, unknown>) {
    try {
      const next = await data(
        api.POST('/api/v1/dossiers/{id}/actions', {
          params: { path: { id: d.id } },
          body: { action: action as Dossier['allowedActions'][number], expectedVersion: seenVersion ?? d.version, ...body },
        }),
      );
      qc.setQueryData(key, next);
      message.success(`${ACTION_TEXT[action!] ?? action}: đã thực hiện.`);
      setAction(null);
      void qc.invalidateQueries({ queryKey: ['inbox'] });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'VERSION_CONFLICT' || e.code === 'ACTION_NOT_ALLOWED')) {
        setAction(null);
        message.warning(
          e.code === 'VERSION_CONFLICT' ? 'Người khác đã thao tác trên hồ sơ này trước bạn. Hồ sơ đã được tải lại; hãy xem lại rồi thao tác tiếp.' : e.message,
          8,
        );
        await qc.invalidateQueries({ queryKey: key });
        return;
      }
      throw e;
    }
  }

  const openWait = d.waits.find((w) => w.resumedAt === null);
  const actions = d.userActions ?? [];
  function setAction(a: string | null) {
    setActionState(a);
    setSeenVersion(a ? d.version : null);
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
          Hồ sơ {d.code}
        </Typography.Title>
        <StatusTag tone="blue">{d.statusText}</StatusTag>
        <StatusTag tone={CONDITION_COLOR[d.condition]}>{d.conditionText}</StatusTag>
        {d.workingTimeLeft ? <StatusTag tone={d.workingTimeLeft.ms < 0 ? 'red' : 'default'}>{d.workingTimeLeft.text}</StatusTag> : null}
      </Space>
      {openWait ? (
        <Alert
          type="info"
          showIcon
          title={
            openWait.kind === 'supplement'
              ? `Đang chờ người nộp bổ sung từ ${fmtDateTime(openWait.requestedAt)}`
              : `Đang chờ người nộp thực hiện nghĩa vụ tài chính từ ${fmtDateTime(openWait.requestedAt)}`
          }
          description={
            openWait.kind === 'supplement' ? `Giấy tờ cần bổ sung: ${(openWait.items ?? []).join('; ')}` : `Số tiền: ${fmtMoney(openWait.amount ?? 0)}`
          }
        />
      ) : null}
      <Card size="small" title="Thao tác">
        {actions.length ? (
          <Space wrap>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'complete_step' || a === 'approve' || a === 'return_result' ? 'primary' : 'default'}
                danger={a === 'stop' || a === 'withdraw'}
                onClick={() => setAction(a)}
              >
                {ACTION_TEXT[a] ?? a}
              </Button>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">Bạn không có thao tác nào trên hồ sơ này ở bước hiện tại.</Typography.Text>
        )}
        <div style={{ marginTop: 12 }}>
          <Space wrap>
            <Typography.Text>In:</Typography.Text>
            {d.forms.map((f) => (
              <Button key={f.key} size="small" onClick={() => setForm(f.key)} title={f.title}>
                {formButtonText(f)}
              </Button>
            ))}
          </Space>
        </div>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title="Thông tin hồ sơ">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="Thủ tục">{d.procedure.name}</Descriptions.Item>
              <Descriptions.Item label="Người nộp">{d.applicant.fullName}</Descriptions.Item>
              <Descriptions.Item label="Số định danh">{d.applicant.idNumber}</Descriptions.Item>
              {d.applicant.phone ? <Descriptions.Item label="Điện thoại">{d.applicant.phone}</Descriptions.Item> : null}
              {d.applicant.address ? <Descriptions.Item label="Địa chỉ">{d.applicant.address}</Descriptions.Item> : null}
              <Descriptions.Item label="Kênh nộp">{CHANNEL_TEXT[d.channel] ?? d.channel}</Descriptions.Item>
              {d.receivingAgencyCode !== d.agencyCode ? (
                <Descriptions.Item label="Tiếp nhận / giải quyết">
                  Tiếp nhận tại {nameOf(d.receivingAgencyCode)}; {nameOf(d.agencyCode)} giải quyết (NĐ 118/2025)
                </Descriptions.Item>
              ) : null}
              {d.subject ? <Descriptions.Item label="Nội dung">{d.subject}</Descriptions.Item> : null}
              {d.receptionPayment ? (
                <Descriptions.Item label="Phí, lệ phí khi tiếp nhận">
                  {fmtMoney(d.receptionPayment.amount)} — {d.receptionPayment.online ? 'thanh toán trực tuyến' : 'nộp tại quầy'}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label="Tiếp nhận">{fmtDateTime(d.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label="Hẹn trả kết quả">{fmtDateTime(d.dueAt)}</Descriptions.Item>
              {d.originalDueAt !== d.dueAt ? <Descriptions.Item label="Hạn giải quyết ban đầu">{fmtDateTime(d.originalDueAt)}</Descriptions.Item> : null}
              <Descriptions.Item label="Bước hiện tại">
                {d.currentStep ? `${d.currentStep.name}${d.currentStep.ownerName ? ` — ${d.currentStep.ownerName}` : ''}` : 'Đã kết thúc'}
              </Descriptions.Item>
              {d.outcome ? (
                <Descriptions.Item label="Kết quả">{d.outcome === 'issued' ? 'Đã ban hành kết quả' : `Từ chối: ${d.reason ?? ''}`}</Descriptions.Item>
              ) : null}
              {d.rating ? (
                <Descriptions.Item label="Đánh giá của người dân">
                  {RATING_TEXT[d.rating.level] ?? d.rating.level}
                  {d.rating.comment ? ` — ${d.rating.comment}` : ''}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card size="small" title="Giấy tờ đã nhận" style={{ marginTop: 12 }}>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {d.documents.map((doc, i) => (
                <li key={i}>
                  {doc.name} — {DOCUMENT_FORM_TEXT[doc.form] ?? doc.form}, {doc.count} bản{doc.digitised ? ' (đã số hóa)' : ''}
                </li>
              ))}
              {d.documents.length === 0 ? <li>Không ghi nhận giấy tờ</li> : null}
            </ul>
            {d.digitisation?.dataReused ? <p style={{ margin: 0 }}>Đã khai thác, sử dụng lại dữ liệu số hóa.</p> : null}
          </Card>
          {d.extensions.length ? (
            <Card size="small" title="Gia hạn theo quy định (không tính là trễ hạn)" style={{ marginTop: 12 }}>
              {d.extensions.map((e) => (
                <p key={e.id} style={{ margin: '4px 0' }}>
                  {fmtDateTime(e.at)}: {e.case}. Lý do: {e.reason} — hạn mới {fmtDateTime(e.newDueAt)} (trước đó {fmtDateTime(e.previousDueAt)})
                </p>
              ))}
            </Card>
          ) : null}
          {d.apologies.length ? (
            <Card size="small" title="Văn bản xin lỗi, hẹn lại" style={{ marginTop: 12 }}>
              {d.apologies.map((a, i) => (
                <p key={i} style={{ margin: '4px 0' }}>
                  {fmtDateTime(a.at)}: {a.reason} — hẹn lại {fmtDateTime(a.newDueAt)}{' '}
                  {a.onTime ? <StatusTag tone="green">Xin lỗi đúng hạn</StatusTag> : <StatusTag tone="red">Xin lỗi muộn</StatusTag>}
                </p>
              ))}
            </Card>
          ) : null}
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Quá trình giải quyết (như mẫu 06)">
            <Table<DossierStep>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.steps}
              columns={[
                { title: 'Bước', dataIndex: 'name' },
                { title: 'Đơn vị', render: (_, s) => s.owner.name ?? s.owner.kind },
                { title: 'Hạn', render: (_, s) => fmtDateTime(s.dueAt) },
                { title: 'Hoàn thành', render: (_, s) => fmtDateTime(s.finishedAt) },
                {
                  title: 'Kết quả',
                  render: (_, s) => (s.result ? <StatusTag tone={s.result === 'late' ? 'red' : 'green'}>{RESULT_TEXT[s.result]}</StatusTag> : '—'),
                },
              ]}
            />
          </Card>
          <Card size="small" title="Nhật ký" style={{ marginTop: 12 }}>
            <Timeline
              items={(d.timeline ?? []).map((e) => ({
                key: e.seq,
                content: (
                  <span>
                    <b>{fmtDateTime(e.at)}</b> — {e.actionText} ({e.actor}){e.note ? `: ${e.note}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ActionModal dossier={d} action={action} onClose={() => setAction(null)} onSubmit={act} />
      <FormModal
        path={form ? `/api/v1/dossiers/${d.id}/forms/${form}` : null}
        title={form ? (d.forms.find((f) => f.key === form)?.title ?? '') : ''}
        onClose={() => setForm(null)}
      />
    </Space>
  );
}
