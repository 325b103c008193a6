import { describe, expect, it } from 'vitest';
import { containsPattern, viFold } from './vi-fold.js';

describe('viFold: Vietnamese folded for search', () => {
  it.each([
    ['Lê Thị Hoa', 'le thi hoa'],
    ['ĐẶNG THỊ ÁNH', 'dang thi anh'],
    ['Nguyễn Văn Đức', 'nguyen van duc'],
    ['Hoàng Thuỳ Dương', 'hoang thuy duong'],
    // Decomposed input (a combining mark after the letter) folds the same as the composed one.
    ['Le\u0302 Thi\u0323 Hoa', 'le thi hoa'],
    ['Plain ASCII 123', 'plain ascii 123'],
  ])('%s → %s', (text, folded) => expect(viFold(text)).toBe(folded));

  it("LIKE's own characters are taken literally", () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
