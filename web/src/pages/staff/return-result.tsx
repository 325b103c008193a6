import { App, Card, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, data } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';

/**
 * What a USB QR scanner types: the receipt's tracking link (…/tra-cuu/<code>?k=…) followed by Enter. An officer
 * may also type the code by hand. Either gives the dossier's code.
 */
export function codeFromScan(text: string): string {
  const t = text.trim();
  const m = /\/tra-cuu\/([^?#\s]+)/.exec(t);
  return m ? decodeURIComponent(m[1]) : t;
}

/** Returning results: find the dossier by its code, typed or scanned from the receipt, and open it. */
export default function ReturnResult() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function find(text: string) {
    const code = codeFromScan(text);
    if (!code) return;
    setError(null);
    try {
      const found = await data(api.GET('/api/v1/dossiers', { params: { query: { q: code, pageSize: 5 } } }));
      const exact = found.items.find((d) => d.code.toLowerCase() === code.toLowerCase()) ?? (found.items.length === 1 ? found.items[0] : undefined);
      if (!exact) {
        message.warning(`Không tìm thấy hồ sơ có mã ${code}`);
        return;
      }
      void navigate(`/ho-so/${exact.id}`);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card style={{ maxWidth: 640 }}>
      <Typography.Title level={2} style={{ fontSize: 22, marginTop: 0 }}>
        Trả kết quả
      </Typography.Title>
      <Typography.Paragraph>Quét mã QR trên giấy hẹn bằng máy quét, hoặc gõ mã hồ sơ rồi nhấn Enter.</Typography.Paragraph>
      <Input.Search
        autoFocus
        size="large"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onSearch={(v) => void find(v)}
        enterButton="Tìm hồ sơ"
        placeholder="Mã hồ sơ hoặc đường dẫn trong mã QR"
        aria-label="Mã hồ sơ"
      />
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
    </Card>
  );
}
