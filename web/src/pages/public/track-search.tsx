import { Card, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';

export default function TrackSearch() {
  const navigate = useNavigate();
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        Tra cứu hồ sơ
      </Typography.Title>
      <Typography.Paragraph>Nhập mã hồ sơ in trên giấy tiếp nhận, hoặc quét mã QR trên giấy bằng điện thoại.</Typography.Paragraph>
      <Input.Search
        size="large"
        enterButton="Tra cứu"
        placeholder="Mã hồ sơ"
        aria-label="Mã hồ sơ"
        onSearch={(v) => v.trim() && navigate(`/tra-cuu/${encodeURIComponent(v.trim())}`)}
      />
    </Card>
  );
}
