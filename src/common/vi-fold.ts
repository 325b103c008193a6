/**
 * Vietnamese text folded for search: diacritics removed, đ → d, lower case ("Lê Thị Hoa" → "le thi hoa"). Names are
 * stored folded at reception (`applicant_name_folded`) and a query folded the same way is compared with them.
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
