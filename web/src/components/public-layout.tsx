import { Layout } from 'antd';
import { Link, Outlet } from 'react-router';
import { readSession } from '../session';

/** Citizen pages: phone-sized first, no login, the centre's name and the few places a citizen goes. */
export function PublicLayout() {
  const staff = readSession();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: '#b71c1c', color: '#fff', padding: '10px 16px' }}>
        <div style={{ maxWidth: 880, margin: '0 auto', display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
          <Link to="/" style={{ color: '#fff', fontWeight: 700, fontSize: 18 }}>
            Một Cửa · Dịch vụ hành chính công
          </Link>
          <nav aria-label="Chức năng cho người dân" style={{ display: 'flex', gap: 14, flexWrap: 'wrap' }}>
            <Link style={{ color: '#fff' }} to="/tra-cuu">
              Tra cứu hồ sơ
            </Link>
            <Link style={{ color: '#fff' }} to="/thu-tuc">
              Thủ tục
            </Link>
            <Link style={{ color: '#fff' }} to="/phan-anh">
              Phản ánh, kiến nghị
            </Link>
            <Link style={{ color: '#fff' }} to={staff ? '/can-bo' : '/dang-nhap'}>
              {staff ? 'Trang cán bộ' : 'Cán bộ đăng nhập'}
            </Link>
          </nav>
        </div>
      </header>
      <main style={{ maxWidth: 880, width: '100%', margin: '0 auto', padding: '16px 12px 48px' }}>
        <Outlet />
      </main>
    </Layout>
  );
}
