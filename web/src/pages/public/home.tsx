import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';

export default function Home() {
  const tiles = [
    { to: '/tra-cuu', title: 'Tra cứu hồ sơ', text: 'Xem hồ sơ của bạn đang ở bước nào, ngày hẹn trả kết quả.' },
    { to: '/thu-tuc', title: 'Thủ tục hành chính', text: 'Thời hạn, phí, lệ phí và giấy tờ cần mang theo.' },
    { to: '/phan-anh', title: 'Phản ánh, kiến nghị', text: 'Gửi phản ánh và xem các câu trả lời đã công khai.' },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        Trung tâm Phục vụ hành chính công
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {tiles.map((t) => (
          <Col xs={24} sm={8} key={t.to}>
            <Link to={t.to}>
              <Card hoverable title={t.title}>
                {t.text}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
