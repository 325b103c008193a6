import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, Outlet, useLocation } from 'react-router';
import { api, data } from '../api/client';
import { useLiveUpdates } from '../api/live';
import { NotificationBell } from './notification-bell';
import { ROLE_TEXT } from '../labels';
import { clearSession, hasRole, useSession } from '../session';

/** The inbox's size, beside its menu item: shared with the inbox page through the query cache. */
export function useInboxCounts(enabled: boolean) {
  return useQuery({
    queryKey: ['inbox', 'counts'],
    queryFn: () => data(api.GET('/api/v1/dossiers/inbox', { params: { query: { pageSize: 1 } } })),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

/** Staff pages: a role-aware menu, who is signed in, and a way out. */
export default function StaffLayout() {
  const session = useSession();
  const loc = useLocation();
  const worker = hasRole(session, 'reception', 'specialist', 'leader', 'manager');
  const counts = useInboxCounts(worker);
  useLiveUpdates(hasRole(session, 'admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer'));
  const c = counts.data?.counts;
  const items = [
    hasRole(session, 'reception') && { key: '/tiep-nhan', label: <Link to="/tiep-nhan">Tiếp nhận hồ sơ</Link> },
    hasRole(session, 'reception') && { key: '/tra-ket-qua', label: <Link to="/tra-ket-qua">Trả kết quả</Link> },
    worker && {
      key: '/ho-so',
      label: (
        <Link to="/ho-so">
          <Space>
            {hasRole(session, 'leader') ? 'Hồ sơ chờ phê duyệt' : 'Hồ sơ cần xử lý'}
            {c ? <Badge count={c.all} overflowCount={999} color={c.overdue ? '#cf1322' : '#1677ff'} title={`${c.all} hồ sơ, ${c.overdue} quá hạn`} /> : null}
          </Space>
        </Link>
      ),
    },
    hasRole(session, 'manager', 'leader', 'province_viewer', 'admin') && {
      key: '/bang-theo-doi',
      label: <Link to="/bang-theo-doi">Theo dõi hạn giải quyết</Link>,
    },
    hasRole(session, 'reception', 'manager', 'leader', 'province_viewer', 'admin') && {
      key: '/so-theo-doi',
      label: <Link to="/so-theo-doi">Sổ theo dõi hồ sơ</Link>,
    },
    hasRole(session, 'manager', 'leader', 'province_viewer', 'admin') && { key: '/bao-cao', label: <Link to="/bao-cao">Báo cáo, chỉ tiêu</Link> },
    hasRole(session, 'manager', 'leader', 'specialist', 'reception', 'province_viewer', 'admin') && {
      key: '/ke-hoach',
      label: <Link to="/ke-hoach">Kế hoạch CCHC</Link>,
    },
    { key: '/thu-tuc', label: <Link to="/thu-tuc">Danh mục thủ tục</Link> },
    worker && { key: '/xu-ly-phan-anh', label: <Link to="/xu-ly-phan-anh">Xử lý phản ánh, kiến nghị</Link> },
    { key: '/phan-anh', label: <Link to="/phan-anh">Phản ánh, kiến nghị (công khai)</Link> },
    hasRole(session, 'admin') && { key: '/quan-tri/tai-khoan', label: <Link to="/quan-tri/tai-khoan">Quản trị: tài khoản</Link> },
    hasRole(session, 'admin', 'manager') && { key: '/quan-tri/thu-tuc', label: <Link to="/quan-tri/thu-tuc">Quản trị: quy trình thủ tục</Link> },
    hasRole(session, 'admin', 'manager') && { key: '/quan-tri/lich', label: <Link to="/quan-tri/lich">Quản trị: lịch làm việc</Link> },
    hasRole(session, 'admin', 'manager') && { key: '/quan-tri/quy-tac', label: <Link to="/quan-tri/quy-tac">Quản trị: bộ quy tắc</Link> },
    hasRole(session, 'admin') && { key: '/quan-tri/hang-doi', label: <Link to="/quan-tri/hang-doi">Quản trị: hàng đợi tác vụ</Link> },
  ].filter(Boolean) as { key: string; label: React.ReactNode }[];
  const selected = items
    .map((i) => i.key)
    .filter((k) => loc.pathname.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  // A full page load: nothing of this officer's session (cached dossiers included) outlives it in the tab.
  const logout = () => {
    clearSession('logout');
    location.replace('/dang-nhap');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={230} theme="light" style={{ borderRight: '1px solid #eee' }}>
        <div style={{ padding: '16px 16px 8px', fontWeight: 700, fontSize: 18, color: '#b71c1c' }}>Một Cửa</div>
        <nav aria-label="Chức năng">
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items} style={{ borderInlineEnd: 0 }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #eee' }}
        >
          <Space>
            <NotificationBell />
            <Typography.Text>
              <b>{session.user.fullName ?? session.user.username}</b> · {session.user.roles.map((r) => ROLE_TEXT[r] ?? r).join(', ')}
            </Typography.Text>
            <Button onClick={logout}>Đăng xuất</Button>
          </Space>
        </Layout.Header>
        {/* antd renders the content as the page's <main> landmark. */}
        <Layout.Content style={{ padding: 16 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
