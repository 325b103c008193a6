import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Modal, Radio, Result, Row, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, data } from '../../api/client';
import type { Dossier, Procedure } from '../../api/types';
import { StatusTag } from '../../components/status-tag';
import { ApiErrorAlert, highlightFields } from '../../components/api-error';
import { PrintableForm } from '../../components/printable-form';
import { fmtDateTime, fmtMoney, matches } from '../../format';
import { CHANNEL_TEXT, DOCUMENT_FORM_TEXT, ONLINE_TEXT } from '../../labels';
import { useSession } from '../../session';

interface DocRow {
  key: number;
  name: string;
  form: 'original' | 'certified_copy' | 'copy';
  count: number;
  received: boolean;
  optional?: boolean;
  note?: string;
  fromNationalDb?: boolean;
  /** Scanned or received electronically (the plans' digitisation rate). */
  digitised: boolean;
}

interface Values {
  procedureCode: string;
  channel: 'direct' | 'online' | 'postal';
  applicant: { fullName: string; idNumber: string; phone?: string; email?: string; address?: string };
  subject?: string;
  /** The fee at reception: paid at the counter, paid online, or to be paid later (asked for during processing). */
  feePaid?: 'counter' | 'online' | 'later';
  dataReused?: boolean;
  /** The commune that decides: this centre's own, or another of the province (NĐ 118/2025). */
  decidingAgency?: string;
}

const FEE_PAID_TEXT = { counter: 'Đã nộp tại quầy', online: 'Đã thanh toán trực tuyến', later: 'Nộp sau (khi có yêu cầu)' } as const;

type Done = { kind: 'dossier'; dossier: Dossier } | { kind: 'slip'; id: string; form: '02' | '03' };

const ID_RULE = { pattern: /^\d{12}$/, message: 'Số định danh cá nhân gồm đúng 12 chữ số' };

/** "đăng ký khai", "dang ky khai sinh", "KHAI SINH", "1.001193" and "hộ tịch" all find "Đăng ký khai sinh". */
export const procedureMatches = (p: Procedure, text: string): boolean => matches(`${p.name} ${p.code} ${p.field}`, text);

/**
 * The reception desk (cán bộ tiếp nhận), one screen, keyboard first: type the procedure, Enter; the applicant; the
 * checklist comes from the procedure's documents; Ctrl+Enter receives and shows the receipt ready to print.
 */
export default function Reception() {
  const session = useSession();
  const agency = session.user.agencyCode ?? '';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [docs, setDocs] = useState<DocRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [refuseReason, setRefuseReason] = useState('');
  const procedureRef = useRef<{ focus: () => void }>(null);
  const procedures = useQuery({ queryKey: ['procedures', agency], queryFn: () => data(api.GET('/api/v1/procedures', { params: { query: { agency } } })) });
  const code = Form.useWatch('procedureCode', form);
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')) });
  const ownCommune = agencies.data?.items.find((a) => a.code === agency)?.communeCode ?? null;
  const province = agencies.data?.items.find((a) => a.code === ownCommune)?.provinceCode ?? null;
  const communes = useMemo(
    () => (agencies.data?.items ?? []).filter((a) => a.level === 'commune' && a.provinceCode === province).map((a) => ({ value: a.code, label: a.name })),
    [agencies.data, province],
  );
  const chosen = useMemo(() => procedures.data?.items.find((p) => p.code === code), [procedures.data, code]);

  useEffect(() => {
    setDocs(
      (chosen?.documents ?? []).map((d, i) => ({
        key: i,
        name: d.name,
        form: d.form,
        count: d.count,
        received: !d.optional,
        optional: d.optional,
        note: d.note,
        fromNationalDb: d.fromNationalDb,
        digitised: false,
      })),
    );
    // Every fee's channel is recorded (the online-payment rate); the desk usually collects it at reception.
    form.setFieldValue('feePaid', chosen && chosen.fee.amount > 0 ? 'counter' : undefined);
  }, [chosen, form]);

  const options = useMemo(() => {
    const byField = new Map<string, Procedure[]>();
    for (const p of procedures.data?.items ?? []) byField.set(p.field, [...(byField.get(p.field) ?? []), p]);
    return [...byField].map(([field, ps]) => ({ label: field, title: field, options: ps.map((p) => ({ value: p.code, label: `${p.name} (${p.code})`, p })) }));
  }, [procedures.data]);

  const change = (key: number, patch: Partial<DocRow>) => setDocs((ds) => ds.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  async function run(fn: (v: Values) => Promise<Done>) {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDone(await fn(v));
    } catch (e) {
      setError(e);
      highlightFields(form, e);
    } finally {
      setBusy(false);
    }
  }

  const receive = () =>
    run(async (v) => {
      const documents = docs.filter((d) => d.received).map((d) => ({ name: d.name, form: d.form, count: d.count, digitised: d.digitised }));
      const { feePaid, decidingAgency, ...body } = v;
      const payment = feePaid === 'counter' || feePaid === 'online' ? { online: feePaid === 'online' } : undefined;
      const agencyCode = decidingAgency ?? agency;
      const dossier = await data(api.POST('/api/v1/dossiers', { body: { ...body, agencyCode, documents, subject: v.subject || undefined, payment } }));
      message.success(`Đã tiếp nhận hồ sơ ${dossier.code}`);
      void qc.invalidateQueries({ queryKey: ['inbox'] });
      return { kind: 'dossier', dossier };
    });

  // Papers "only in a stated case" left unticked are not missing: the case may not apply.
  const missing = docs.filter((d) => !d.received && !d.optional).map((d) => d.name);
  const incomplete = () =>
    run(async (v) => {
      const slip = await data(
        api.POST('/api/v1/reception-slips', {
          body: { outcome: 'incomplete', procedureCode: v.procedureCode, agencyCode: agency, channel: v.channel, applicant: v.applicant, missing },
        }),
      );
      return { kind: 'slip', id: String(slip.id), form: '02' };
    });
  const outOfScope = () =>
    run(async (v) => {
      const slip = await data(
        api.POST('/api/v1/reception-slips', {
          body: {
            outcome: 'out_of_scope',
            procedureCode: v.procedureCode,
            agencyCode: agency,
            channel: v.channel,
            applicant: v.applicant,
            reason: refuseReason,
          },
        }),
      );
      setRefusing(false);
      return { kind: 'slip', id: String(slip.id), form: '03' };
    });

  function next() {
    setDone(null);
    setError(null);
    form.resetFields();
    setTimeout(() => procedureRef.current?.focus(), 0);
  }

  if (done) {
    const isDossier = done.kind === 'dossier';
    return (
      <Card>
        <Result
          status={isDossier ? 'success' : 'warning'}
          title={
            isDossier
              ? `Đã tiếp nhận hồ sơ ${done.dossier.code}`
              : done.form === '02'
                ? 'Hồ sơ chưa đầy đủ: đã lập phiếu yêu cầu bổ sung (mẫu 02)'
                : 'Đã lập phiếu từ chối tiếp nhận (mẫu 03)'
          }
          subTitle={isDossier ? `Hẹn trả kết quả: ${fmtDateTime(done.dossier.dueAt)}` : 'Giao phiếu cho người nộp hồ sơ.'}
          extra={[
            <Button key="next" type="primary" onClick={next} autoFocus>
              Tiếp nhận hồ sơ mới
            </Button>,
            isDossier ? (
              <Link key="open" to={`/ho-so/${done.dossier.id}`}>
                <Button>Mở hồ sơ</Button>
              </Link>
            ) : null,
          ]}
        />
        {isDossier ? (
          <PrintableForm path={`/api/v1/dossiers/${done.dossier.id}/forms/01`} title="Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả" height={900} />
        ) : (
          <PrintableForm
            path={`/api/v1/reception-slips/${done.id}?format=html`}
            title={done.form === '02' ? 'Mẫu 02 — Phiếu yêu cầu bổ sung' : 'Mẫu 03 — Phiếu từ chối tiếp nhận'}
          />
        )}
      </Card>
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ channel: 'direct' }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void receive();
        }
      }}
    >
      <Typography.Title level={2} style={{ fontSize: 22, marginTop: 0 }}>
        Tiếp nhận hồ sơ
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title="Thủ tục">
            <Form.Item name="procedureCode" label="Thủ tục hành chính" rules={[{ required: true, message: 'Chọn thủ tục' }]}>
              <Select
                ref={procedureRef as never}
                autoFocus
                showSearch={{ filterOption: (text, opt) => !!opt && 'p' in opt && procedureMatches((opt as { p: Procedure }).p, text) }}
                placeholder="Gõ tên thủ tục (có hoặc không dấu), mã hoặc lĩnh vực"
                options={options}
                loading={procedures.isLoading}
                aria-label="Thủ tục hành chính"
              />
            </Form.Item>
            {chosen ? (
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label="Thời hạn giải quyết">{chosen.deadline.text}</Descriptions.Item>
                <Descriptions.Item label="Phí, lệ phí">
                  {fmtMoney(chosen.fee.amount)} — {chosen.fee.text}
                </Descriptions.Item>
                <Descriptions.Item label="Mức độ trực tuyến">{ONLINE_TEXT[chosen.online]}</Descriptions.Item>
              </Descriptions>
            ) : null}
          </Card>
          <Card size="small" title="Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)" style={{ marginTop: 12 }}>
            <Table<DocRow>
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={docs}
              locale={{ emptyText: chosen ? 'Thủ tục này chưa có danh mục giấy tờ' : 'Chọn thủ tục để hiện danh mục giấy tờ' }}
              columns={[
                {
                  title: 'Đã nhận',
                  width: 70,
                  render: (_, d) => (
                    <Checkbox checked={d.received} onChange={(e) => change(d.key, { received: e.target.checked })} aria-label={`Đã nhận: ${d.name}`} />
                  ),
                },
                {
                  title: 'Giấy tờ',
                  render: (_, d) => (
                    <span>
                      {d.name} {d.fromNationalDb ? <StatusTag tone="blue">Có thể khai thác từ CSDL</StatusTag> : null}
                      {d.note ? <div style={{ color: '#666', fontSize: 12 }}>{d.note}</div> : null}
                    </span>
                  ),
                },
                {
                  title: 'Hình thức',
                  width: 170,
                  render: (_, d) => (
                    <Select
                      size="small"
                      value={d.form}
                      style={{ width: 160 }}
                      onChange={(form) => change(d.key, { form })}
                      options={Object.entries(DOCUMENT_FORM_TEXT).map(([value, label]) => ({ value, label }))}
                      aria-label={`Hình thức: ${d.name}`}
                    />
                  ),
                },
                {
                  title: 'Đã số hóa',
                  width: 80,
                  render: (_, d) => (
                    <Checkbox
                      checked={d.digitised}
                      disabled={!d.received}
                      onChange={(e) => change(d.key, { digitised: e.target.checked })}
                      aria-label={`Đã số hóa: ${d.name}`}
                    />
                  ),
                },
                {
                  title: 'Số bản',
                  width: 80,
                  render: (_, d) => (
                    <InputNumber
                      size="small"
                      min={1}
                      max={100}
                      value={d.count}
                      onChange={(n) => change(d.key, { count: n ?? 1 })}
                      aria-label={`Số bản: ${d.name}`}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="Người nộp hồ sơ">
            <Form.Item
              name={['applicant', 'fullName']}
              label="Họ và tên"
              rules={[
                { required: true, message: 'Nhập họ và tên' },
                { min: 2, message: 'Họ tên quá ngắn' },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name={['applicant', 'idNumber']}
              label="Số định danh cá nhân (CCCD)"
              rules={[{ required: true, message: 'Nhập số định danh cá nhân' }, ID_RULE]}
              validateTrigger="onChange"
            >
              <Input inputMode="numeric" maxLength={12} autoComplete="off" />
            </Form.Item>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item name={['applicant', 'phone']} label="Điện thoại" rules={[{ pattern: /^\+?\d{8,15}$/, message: 'Số điện thoại gồm 8–15 chữ số' }]}>
                  <Input inputMode="tel" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['applicant', 'email']} label="Thư điện tử" rules={[{ type: 'email', message: 'Địa chỉ thư điện tử không hợp lệ' }]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name={['applicant', 'address']} label="Địa chỉ">
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="channel" label="Kênh nộp">
              <Radio.Group options={Object.entries(CHANNEL_TEXT).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            {communes.length > 1 ? (
              <Form.Item
                name="decidingAgency"
                label="Xã/phường giải quyết"
                extra="Tiếp nhận không phụ thuộc địa giới hành chính trong tỉnh: chọn xã/phường có thẩm quyền nếu không phải xã/phường mình."
              >
                <Select options={communes} placeholder={communes.find((c) => c.value === ownCommune)?.label} aria-label="Xã/phường giải quyết" allowClear />
              </Form.Item>
            ) : null}
            <Form.Item name="dataReused" valuePropName="checked">
              <Checkbox>Đã khai thác, sử dụng lại dữ liệu số hóa (không yêu cầu nộp lại giấy tờ đã có)</Checkbox>
            </Form.Item>
            {chosen && chosen.fee.amount > 0 ? (
              <Form.Item name="feePaid" label={`Phí, lệ phí (${fmtMoney(chosen.fee.amount)})`}>
                <Radio.Group options={Object.entries(FEE_PAID_TEXT).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            ) : null}
            <Form.Item name="subject" label="Nội dung yêu cầu (nếu có)">
              <Input autoComplete="off" />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
      <Space wrap style={{ marginTop: 16 }}>
        <Button type="primary" size="large" onClick={() => void receive()} loading={busy}>
          Tiếp nhận (Ctrl+Enter)
        </Button>
        <Button
          size="large"
          onClick={() => void incomplete()}
          disabled={busy || missing.length === 0}
          title={missing.length ? `Còn thiếu: ${missing.join('; ')}` : 'Đánh dấu giấy tờ còn thiếu trong danh mục'}
        >
          Thiếu hồ sơ (mẫu 02)
        </Button>
        <Button size="large" danger onClick={() => setRefusing(true)} disabled={busy}>
          Không thuộc thẩm quyền (mẫu 03)
        </Button>
      </Space>
      <Modal
        open={refusing}
        title="Từ chối tiếp nhận: không thuộc thẩm quyền"
        okText="Lập phiếu mẫu 03"
        cancelText="Hủy"
        onCancel={() => setRefusing(false)}
        onOk={() => void outOfScope()}
        okButtonProps={{ disabled: refuseReason.trim().length < 3, loading: busy }}
      >
        <Typography.Paragraph>Nêu rõ lý do và cơ quan có thẩm quyền để người nộp biết nơi nộp hồ sơ.</Typography.Paragraph>
        <Input.TextArea rows={4} value={refuseReason} onChange={(e) => setRefuseReason(e.target.value)} aria-label="Lý do từ chối tiếp nhận" autoFocus />
      </Modal>
    </Form>
  );
}
