import { getLunarDate, getSolarDate } from '@dqcai/vn-lunar';
import type { CalendarDayEntry } from './calendar.schema.js';
import { dateOfDayIndex, dayIndexOfDate, weekday } from '../../common/vn-time.js';

/**
 * A proposed year of public holidays from the law (BLLĐ 2019 Đ.112, compensatory days per Đ.111 k.3) and the
 * Vietnamese (UTC+7) lunar calendar. It is a proposal: the Prime Minister's yearly decision on Tết and 2/9
 * and any swapped days override it, so every computed entry is marked unconfirmed.
 */
export function proposeYear(year: number): CalendarDayEntry[] {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`năm ${year} nằm ngoài khoảng 2000–2100`);
  const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const lunar = (d: number, m: number, y: number): number => {
    const s = getSolarDate(d, m, y);
    return dayIndexOfDate(iso(s.year, s.month, s.day));
  };
  const law = 'BLLĐ 2019 Đ.112 k.1';
  const entries = new Map<number, CalendarDayEntry>();
  const add = (day: number, name: string, source: string, confirmed: boolean): void => {
    entries.set(day, { date: dateOfDayIndex(day), type: 'holiday', name, source, confirmed });
  };

  add(dayIndexOfDate(iso(year, 1, 1)), 'Tết Dương lịch', `${law} a`, true);
  // Tết: the day before the lunar new year and four days after (one of the two patterns the law allows).
  const tet = lunar(1, 1, year);
  // The eve is the 29th or the 30th of the last lunar month, as that year's month has it.
  const [ey, em, ed] = dateOfDayIndex(tet - 1)
    .split('-')
    .map(Number);
  const eve = getLunarDate(ed, em, ey).day;
  const tetNames = [`Tết Âm lịch (${eve} tháng Chạp)`, 'Tết Âm lịch (mùng 1)', 'Tết Âm lịch (mùng 2)', 'Tết Âm lịch (mùng 3)', 'Tết Âm lịch (mùng 4)'];
  tetNames.forEach((name, i) => add(tet - 1 + i, name, `${law} b; đề xuất 1 ngày trước + 4 ngày sau`, false));
  add(lunar(10, 3, year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', `${law} e; âm lịch UTC+7`, true);
  add(dayIndexOfDate(iso(year, 4, 30)), 'Ngày Chiến thắng', `${law} c`, true);
  add(dayIndexOfDate(iso(year, 5, 1)), 'Quốc tế Lao động', `${law} d`, true);
  const nd = dayIndexOfDate(iso(year, 9, 2));
  add(nd, 'Quốc khánh', `${law} đ`, true);
  // The adjacent day that makes the longer break with a weekend (decided yearly).
  const adjacentAfter = [0, 1, 4].includes(weekday(nd)); // Sun, Mon, Thu → the day after
  add(adjacentAfter ? nd + 1 : nd - 1, 'Quốc khánh (ngày liền kề)', `${law} đ; ngày liền kề do Thủ tướng quyết định`, false);

  // A holiday on a weekly rest day gives a day off on the next working day.
  const isOff = (d: number): boolean => weekday(d) === 0 || weekday(d) === 6 || entries.has(d);
  for (const d of [...entries.keys()].sort((a, b) => a - b)) {
    if (weekday(d) !== 0 && weekday(d) !== 6) continue;
    let c = d + 1;
    while (isOff(c)) c++;
    entries.set(c, {
      date: dateOfDayIndex(c),
      type: 'day_off',
      name: `Nghỉ bù ${entries.get(d)!.name}`,
      source: 'BLLĐ 2019 Đ.111 k.3; đề xuất',
      confirmed: false,
    });
  }
  return [...entries.values()].sort((a, b) => a.date.localeCompare(b.date));
}
