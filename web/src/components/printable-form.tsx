import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Space, Spin } from 'antd';
import { useRef } from 'react';
import { getHtml } from '../api/client';
import { ApiErrorAlert } from './api-error';

/**
 * A printable form (01–06, slips 02/03) from the server, shown in a frame and printed from it: the forms need the
 * officer's token, so they cannot be opened by a plain link. The frame prints with the form's own A4 page setup.
 */
export function PrintableForm({ path, title, height = 560 }: { path: string; title: string; height?: number }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const html = useQuery({ queryKey: ['form', path], queryFn: () => getHtml(path), staleTime: 0 });
  if (html.isError) return <ApiErrorAlert error={html.error} />;
  if (!html.data) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => frame.current?.contentWindow?.print()}>
        In {title.toLowerCase().startsWith('mẫu') ? title.split(' — ')[0].toLowerCase() : title}
      </Button>
      <iframe ref={frame} title={title} srcDoc={html.data} style={{ width: '100%', height, border: '1px solid #ddd', background: '#fff' }} />
    </Space>
  );
}

export function FormModal({ path, title, onClose }: { path: string | null; title: string; onClose: () => void }) {
  return (
    <Modal open={path !== null} title={title} onCancel={onClose} footer={null} width={860} destroyOnHidden>
      {path ? <PrintableForm path={path} title={title} height={640} /> : null}
    </Modal>
  );
}
