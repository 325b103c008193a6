/**
 * Vietnamese text folded for search: diacritics removed, đ → d, lower case ("Lê Thị Hoa" → "le thi hoa"). The
 * database has the same folding as `vi_fold(text)` (migration 1764700000000), so a query folded here matches a
 * column folded there.
 */
export function viFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** A LIKE pattern that finds `text` anywhere, with LIKE's own characters taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
