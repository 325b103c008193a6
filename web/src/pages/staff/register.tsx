import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, data, download } from '../../api/client';
import type { Register } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { PrintableForm } from '../../components/printable-form';
import { fmtDateTime } from '../../format';
import { hasRole, useSession } from '../../session';
import { vnToday } from './reports/period';

type Row = Register['rows'][number];

/**
 * The register of dossiers (/so-theo-doi, form 07): every dossier the commune's centre received in a period, in the
 * order received, with its dates and where it stands; printed from the server's A4 rendering or downloaded as .xlsx.
 */
export default function RegisterPage() {
  const { message } = App.useApp();
  const session = useSession();
  const province = hasRole(session, 'province_viewer', 'admin');
  const today = vnToday();
  // The commune and the period live in the address (?agency=&from=&to=), so a register can be bookmarked and shared.
  const [params, setParams] = useSearchParams();
  const agency = params.get('agency') ?? undefined;
  const range: [string, string] = [params.get('from') ?? `${today.slice(0, 8)}01`, params.get('to') ?? today];
  const choose = (next: { agency?: string; range?: [string, string] }): void => {
    const [from, to] = next.range ?? range;
    const a = next.agency ?? agency;
    setParams({ ...(a ? { agency: a } : {}), from, to }, { replace: true });
  };
  const [printing, setPrinting] = useState(false);
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')), enabled: province });
  const communes = (agencies.data?.items ?? []).filter((a) => a.level === 'commune');
  const unit = agency ?? (province ? communes[0]?.code : undefined);
  const query = { ...(unit ? { agency: unit } : {}), from: range[0], to: range[1] };
  const register = useQuery({
    queryKey: ['register', query],
    queryFn: () => data(api.GET('/api/v1/reports/register', { params: { query: { ...query, format: 'json' } } })) as Promise<Register>,
    enabled: !province || !!unit,
    placeholderData: keepPreviousData,
  });
  const path = `/api/v1/reports/register?${new URLSearchParams(query)}`;
  const r = register.data;
  const month = (m: dayjs.Dayjs): [string, string] => [m.startOf('month').format('YYYY-MM-DD'), m.endOf('month').format('YYYY-MM-DD')];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Sổ theo dõi hồ sơ (mẫu 07){r ? ` — ${r.agencyName}` : ''}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          {province ? (
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 260 }}
              aria-label="Xã, phường"
              value={unit}
              onChange={(a: string) => choose({ agency: a })}
              options={communes.map((c) => ({ value: c.code, label: c.name }))}
            />
          ) : null}
          <DatePicker.RangePicker
            aria-label="Từ ngày, đến ngày"
            format="DD/MM/YYYY"
            allowClear={false}
            value={[dayjs(range[0]), dayjs(range[1])]}
            onChange={(v) => v?.[0] && v[1] && choose({ range: [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] })}
            presets={[
              { label: 'Tháng này', value: [dayjs(month(dayjs(today))[0]), dayjs(today)] },
              { label: 'Tháng trước', value: month(dayjs(today).subtract(1, 'month')).map((d) => dayjs(d)) as [dayjs.Dayjs, dayjs.Dayjs] },
            ]}
          />
          <Button type="primary" disabled={!r} onClick={() => setPrinting(true)}>
            In sổ
          </Button>
          <Button disabled={!r} onClick={() => void download(`${path}&format=xlsx`).catch((e: Error) => message.error(e.message))}>
            Tải sổ (.xlsx)
          </Button>
          {r ? <Typography.Text type="secondary">{r.rows.length.toLocaleString('vi-VN')} hồ sơ tiếp nhận trong kỳ</Typography.Text> : null}
        </Space>
      </Card>
      {register.isError ? <ApiErrorAlert error={register.error} /> : null}
      <Table<Row>
        rowKey="code"
        size="small"
        bordered
        loading={register.isFetching}
        dataSource={r?.rows ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        scroll={{ x: 1400 }}
        locale={{ emptyText: 'Không có hồ sơ tiếp nhận trong kỳ' }}
        columns={[
          { title: 'TT', dataIndex: 'stt', width: 50, align: 'center' },
          { title: 'Mã hồ sơ', dataIndex: 'code', width: 190, render: (v: string, row) => <Link to={`/ho-so/${row.id}`}>{v}</Link> },
          { title: 'Thủ tục', dataIndex: 'procedure', width: 220 },
          {
            title: 'Cá nhân, tổ chức',
            dataIndex: 'applicant',
            width: 150,
            render: (v: string, row) => (
              <>
                {v}
                {row.contact ? <div style={{ color: '#595959', fontSize: 12 }}>{row.contact}</div> : null}
              </>
            ),
          },
          { title: 'Cơ quan chủ trì', dataIndex: 'decidingUnit', width: 150 },
          { title: 'Nhận hồ sơ', dataIndex: 'receivedAt', width: 120, render: fmtDateTime },
          { title: 'Hẹn trả', dataIndex: 'appointment', width: 120, render: fmtDateTime },
          { title: 'Chuyển giải quyết', dataIndex: 'transferredAt', width: 120, render: fmtDateTime },
          { title: 'Nhận kết quả', dataIndex: 'resultReceivedAt', width: 120, render: fmtDateTime },
          { title: 'Trả kết quả', dataIndex: 'returnedAt', width: 120, render: fmtDateTime },
          { title: 'Ghi chú', dataIndex: 'note', width: 220 },
        ]}
      />
      <Modal open={printing} title="Mẫu 07 — Sổ theo dõi hồ sơ" onCancel={() => setPrinting(false)} footer={null} width={1100} destroyOnHidden>
        <PrintableForm path={path} title="Sổ theo dõi hồ sơ" height={640} />
      </Modal>
    </Space>
  );
}
