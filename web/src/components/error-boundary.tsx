import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

/** Never a blank page: what broke, and a way back. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title="Trang gặp lỗi"
        subTitle={`Đã có lỗi khi hiển thị trang này (${this.state.error.message}). Hãy quay lại trang trước hoặc về trang chủ.`}
        extra={[
          <Button key="back" onClick={() => history.back()}>
            Quay lại
          </Button>,
          <Button key="home" type="primary" href="/">
            Về trang chủ
          </Button>,
        ]}
      />
    );
  }
}
