import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, data } from '../../api/client';
import { ApiErrorAlert, highlightFields } from '../../components/api-error';
import { StatusTag } from '../../components/status-tag';
import { fmtDate } from '../../format';
import { ROLE_TEXT } from '../../labels';
import type { components } from '../../api/schema';

type User = components['schemas']['User'];
type Role = 'admin' | 'reception' | 'specialist' | 'leader' | 'manager' | 'province_viewer' | 'importer';

/** Accounts (/quan-tri/tai-khoan): create, roles, unit, lock and unlock, a new password. */
export default function UsersPage() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [agency, setAgency] = useState<string>();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const users = useQuery({
    queryKey: ['users', page, agency],
    queryFn: () => data(api.GET('/api/v1/users', { params: { query: { page, pageSize: 20, agency } } })),
    placeholderData: keepPreviousData,
  });
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => data(api.GET('/api/v1/agencies')) });
  const units = (agencies.data?.items ?? []).map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
  const nameOf = (code: string | null) => (code ? (agencies.data?.items.find((a) => a.code === code)?.name ?? code) : 'Toàn hệ thống');
  const open = (u: User | 'new') => {
    setEditing(u);
    setError(null);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ fullName: u.fullName, roles: u.roles, agencyCode: u.agencyCode, active: u.active });
  };
  const save = async (v: Record<string, unknown>) => {
    try {
      const body = { ...v, agencyCode: v.agencyCode ?? null, password: v.password || undefined };
      if (editing === 'new') await data(api.POST('/api/v1/users', { body: body as never }));
      else await data(api.PATCH('/api/v1/users/{id}', { params: { path: { id: (editing as User).id } }, body: body as never }));
      message.success('Đã lưu tài khoản.');
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      setError(e);
      highlightFields(form, e);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
        Tài khoản cán bộ
      </Typography.Title>
      <Space wrap>
        <Button type="primary" onClick={() => open('new')}>
          Tạo tài khoản
        </Button>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="Lọc theo đơn vị"
          style={{ width: 360 }}
          value={agency}
          onChange={setAgency}
          options={units}
          aria-label="Lọc theo đơn vị"
        />
      </Space>
      {users.isError ? <ApiErrorAlert error={users.error} /> : null}
      <Table<User>
        rowKey="id"
        loading={users.isFetching && !users.data}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: users.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${n} tài khoản` }}
        columns={[
          { title: 'Tên đăng nhập', dataIndex: 'username' },
          { title: 'Họ tên', dataIndex: 'fullName' },
          { title: 'Vai trò', render: (_, u) => u.roles.map((r) => ROLE_TEXT[r] ?? r).join(', ') },
          { title: 'Đơn vị', render: (_, u) => nameOf(u.agencyCode) },
          { title: 'Trạng thái', render: (_, u) => <StatusTag tone={u.active ? 'green' : 'default'}>{u.active ? 'Đang dùng' : 'Đã khóa'}</StatusTag> },
          { title: 'Tạo ngày', render: (_, u) => fmtDate(u.createdAt) },
          {
            title: '',
            render: (_, u) => (
              <Button onClick={() => open(u)} aria-label={`Sửa tài khoản ${u.username}`}>
                Sửa
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? 'Tạo tài khoản' : `Sửa tài khoản ${(editing as User | null)?.username ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText="Lưu"
        cancelText="Hủy"
      >
        {error ? <ApiErrorAlert error={error} /> : null}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          {editing === 'new' ? (
            <Form.Item name="username" label="Tên đăng nhập" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          ) : null}
          <Form.Item name="fullName" label="Họ tên" rules={[{ required: true, message: 'Nhập họ tên' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label="Vai trò" rules={[{ required: true, message: 'Chọn ít nhất một vai trò' }]}>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              options={(Object.keys(ROLE_TEXT) as Role[]).map((r) => ({ value: r, label: ROLE_TEXT[r] }))}
              aria-label="Vai trò"
            />
          </Form.Item>
          <Form.Item name="agencyCode" label="Đơn vị (để trống: toàn hệ thống)">
            <Select allowClear showSearch optionFilterProp="label" options={units} aria-label="Đơn vị" />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing === 'new' ? 'Mật khẩu' : 'Đặt lại mật khẩu (để trống: giữ nguyên)'}
            rules={editing === 'new' ? [{ required: true, message: 'Nhập mật khẩu' }] : []}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="active" label="Đang dùng" valuePropName="checked">
              <Switch aria-label="Đang dùng" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </Space>
  );
}
