import { describe, expect, it } from 'vitest';
import { maskName, workingTimeText } from './dossier-view.js';

describe('maskName: what public tracking shows of a name', () => {
  it('keeps the family name and the first letter of each other word', () => {
    expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V** A*');
    expect(maskName('  Hà   Thị Thu  ')).toBe('Hà T** T**');
  });

  it('masks a one-word name whole: there is no family name to tell apart', () => {
    expect(maskName('Nguyễn')).toBe('N*****');
    expect(maskName('A')).toBe('A*');
  });

  it('cuts by letter, not by UTF-16 unit, so a letter outside the BMP is never split', () => {
    expect(maskName('Lò 𠀧ab')).toBe('Lò 𠀧**');
    expect(maskName('𠀧ab')).toBe('𠀧**');
  });
});

describe('workingTimeText: working time as an officer says it', () => {
  const H = 3600_000;
  const DAY = 8 * H;
  it.each([
    [27 * H + 0, 'còn 3 ngày 3 giờ'],
    [DAY + 3 * H, 'còn 1 ngày 3 giờ'],
    [6 * H, 'còn 6 giờ'],
    [90 * 60_000, 'còn 1 giờ 30 phút'],
    [20 * 60_000, 'còn 20 phút'],
    [0, 'đến hạn'],
    [-2 * H, 'quá hạn 2 giờ'],
    [-(DAY + 30 * 60_000), 'quá hạn 1 ngày'],
    [-30_000, 'vừa quá hạn'],
  ])('%d ms → %s', (ms, text) => expect(workingTimeText(ms, DAY)).toBe(text));
});
