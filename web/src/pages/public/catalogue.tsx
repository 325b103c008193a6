import { useQuery } from '@tanstack/react-query';
import { Card, Collapse, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { api, data } from '../../api/client';
import { StatusTag } from '../../components/status-tag';
import { ApiErrorAlert } from '../../components/api-error';
import { fmtMoney, matches } from '../../format';
import { DOCUMENT_FORM_TEXT, ONLINE_TEXT } from '../../labels';

/** The public catalogue of procedures (public disclosure the plans require): deadline, fee, online level, documents. */
export default function Catalogue() {
  const [text, setText] = useState('');
  const q = useQuery({ queryKey: ['public-procedures'], queryFn: () => data(api.GET('/api/v1/public/procedures')) });
  if (q.isError) return <ApiErrorAlert error={q.error} />;
  if (!q.data) return <Spin />;
  const items = q.data.items.filter((p) => !text || matches(`${p.name} ${p.code} ${p.field}`, text));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        Thủ tục hành chính
      </Typography.Title>
      <Input.Search
        allowClear
        placeholder="Tìm theo tên thủ tục (có hoặc không dấu), mã hoặc lĩnh vực"
        onChange={(e) => setText(e.target.value)}
        aria-label="Tìm thủ tục"
      />
      <Typography.Text type="secondary">{items.length} thủ tục</Typography.Text>
      <Collapse
        items={items.map((p) => ({
          key: p.code,
          label: (
            <span>
              <b>{p.name}</b> <StatusTag>{p.field}</StatusTag>
            </span>
          ),
          children: (
            <Card size="small" variant="borderless">
              <p>
                <b>Mã thủ tục:</b> {p.code}
              </p>
              <p>
                <b>Thời hạn giải quyết:</b> {p.deadline.text}
              </p>
              <p>
                <b>Phí, lệ phí:</b> {fmtMoney(p.fee.amount)} — {p.fee.text}
              </p>
              <p>
                <b>Hình thức nộp:</b> {ONLINE_TEXT[p.online]}
              </p>
              <p style={{ marginBottom: 4 }}>
                <b>Giấy tờ cần mang theo:</b>
              </p>
              <ul style={{ marginTop: 0, paddingLeft: 18 }}>
                {p.documents.map((d) => (
                  <li key={d.name}>
                    {d.name} — {DOCUMENT_FORM_TEXT[d.form]}, {d.count} bản{d.optional ? ' (nếu thuộc trường hợp này)' : ''}
                    {d.fromNationalDb ? ' · không cần nộp nếu đã có trong cơ sở dữ liệu quốc gia' : ''}
                  </li>
                ))}
                {p.documents.length === 0 ? <li>Liên hệ Trung tâm để được hướng dẫn.</li> : null}
              </ul>
            </Card>
          ),
        }))}
      />
    </Space>
  );
}
