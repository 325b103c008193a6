import { describe, expect, it } from 'vitest';
import { maskName } from './dossier-view.js';

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
