/** Dates and numbers as Vietnamese readers expect them: dd/mm/yyyy, 24-hour Vietnam time, "1.234.567 đồng". */
const dateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> {
  return Object.fromEntries(dateTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** "08:00 ngày 02/03/2026" is how forms say it; pages use "02/03/2026 08:00". */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

const number = new Intl.NumberFormat('vi-VN');
export const fmtNumber = (n: number): string => number.format(n);
export const fmtMoney = (n: number): string => (n === 0 ? 'Miễn phí' : `${number.format(n)} đồng`);

/** Diacritics-insensitive search, the same folding the server uses ("Đăng ký" → "dang ky"). */
export function viFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

export const matches = (haystack: string, needle: string): boolean => viFold(haystack).includes(viFold(needle.trim()));
