import { Button, Result } from 'antd';

export default function NotFound() {
  return (
    <main>
      <Result
        status="404"
        title="Không tìm thấy trang"
        subTitle="Địa chỉ này không có trong hệ thống Một Cửa."
        extra={
          <Button type="primary" href="/">
            Về trang chủ
          </Button>
        }
      />
    </main>
  );
}
