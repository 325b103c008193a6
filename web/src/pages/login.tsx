import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, data } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { staffHome } from '../routes';
import { saveSession, takeLogoutReason } from '../session';

/** Only paths of this application, so that `?next=` cannot send an officer elsewhere after login. */
const safeNext = (next: string | null): string | null => (next && next.startsWith('/') && !next.startsWith('//') ? next : null);

export default function Login() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [reason] = useState(() => takeLogoutReason());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const r = await data(api.POST('/api/v1/auth/login', { body: v }));
      saveSession({ token: r.accessToken, user: r.user });
      void navigate(safeNext(params.get('next')) ?? staffHome(), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 12 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, color: '#b71c1c' }}>
          Một Cửa — Đăng nhập cán bộ
        </Typography.Title>
        {reason === 'expired' && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại để tiếp tục công việc." />
        )}
        {reason === 'logout' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="Bạn đã đăng xuất." />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 12 }}>
              <ApiErrorAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy}>
            Đăng nhập
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          <a href="/">Trang dành cho người dân</a>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
