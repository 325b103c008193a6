import { Tag } from 'antd';
import type { ReactNode } from 'react';

/**
 * antd's preset tag colours put light text on light backgrounds (under WCAG's 4.5:1); these keep each tone's meaning
 * with dark text, so that a badge is readable at the counter's screen and passes the accessibility check.
 */
const TONES: Record<string, { color: string; background: string; borderColor: string }> = {
  green: { color: '#1b5e20', background: '#e8f5e9', borderColor: '#a5d6a7' },
  red: { color: '#a31515', background: '#ffebee', borderColor: '#ef9a9a' },
  volcano: { color: '#8a2c0d', background: '#fbe9e7', borderColor: '#ffab91' },
  orange: { color: '#7a4100', background: '#fff3e0', borderColor: '#ffcc80' },
  purple: { color: '#5b1a86', background: '#f3e5f5', borderColor: '#ce93d8' },
  blue: { color: '#0d3c8c', background: '#e3f2fd', borderColor: '#90caf9' },
  default: { color: '#333333', background: '#f5f5f5', borderColor: '#d9d9d9' },
};

export function StatusTag({ tone = 'default', children }: { tone?: string; children: ReactNode }) {
  return <Tag style={TONES[tone] ?? TONES.default}>{children}</Tag>;
}
