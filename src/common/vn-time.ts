/**
 * Vietnam time (Asia/Ho_Chi_Minh) is UTC+7 with no daylight saving, so wall-clock arithmetic is a fixed
 * offset from epoch milliseconds. Nothing here reads the server's time zone.
 */
export const VN_OFFSET_MS = 7 * 3600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Days since 1970-01-01 in Vietnam for an instant. */
export const vnDayIndex = (ms: number): number => Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
/** Milliseconds since Vietnam midnight. */
export const vnMsOfDay = (ms: number): number => (((ms + VN_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
/** The instant of Vietnam midnight starting a day index. */
export const vnDayStart = (day: number): number => day * DAY_MS - VN_OFFSET_MS;
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

export function dayIndexOfDate(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`invalid date ${isoDate}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw new Error(`invalid date ${isoDate}`);
  return ms / DAY_MS;
}

/** Whether `s` is a real YYYY-MM-DD date (not 2026-02-30): for user input, where dayIndexOfDate would throw. */
export function isCalendarDate(s: string): boolean {
  try {
    dayIndexOfDate(s);
    return true;
  } catch {
    return false;
  }
}

export function dateOfDayIndex(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const yearOfDayIndex = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
/** "00" … "99": every view prints many instants, and a lookup is cheaper than padding. */
const TWO = Array.from({ length: 100 }, (_, i) => pad(i));

/**
 * ISO 8601 in Vietnam time with offset, as the API writes times: 2026-02-25T16:00:00+07:00.
 * Integer arithmetic only (`wallClock`): an action's response and its write print some thirty instants, and a
 * Date's getters cost about 0.5 µs a time (toISOString about 1 µs).
 */
export function formatVn(ms: number | Date): string {
  return wallClock((typeof ms === 'number' ? ms : ms.getTime()) + VN_OFFSET_MS, false) + '+07:00';
}

/** Exactly `Date.prototype.toISOString` for years 0–9999 (UTC, milliseconds always), without a Date. */
export const isoUtc = (ms: number | Date): string => wallClock(typeof ms === 'number' ? ms : ms.getTime(), true) + 'Z';

/** "YYYY-MM-DDTHH:MM:SS[.mmm]" of a wall-clock instant (milliseconds since 1970-01-01T00:00 on that clock). */
function wallClock(t: number, alwaysMs: boolean): string {
  const day = Math.floor(t / DAY_MS);
  let rest = t - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / MINUTE_MS);
  rest -= mi * MINUTE_MS;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  // Howard Hinnant's civil_from_days: days since 0000-03-01 in 400-year eras of 146,097 days; a year starts on
  // 1 March, so leap days come last.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const msPart = milli || alwaysMs ? '.' + pad(milli, 3) : '';
  return `${alwaysMs ? pad(y, 4) : y}-${TWO[m]}-${TWO[d]}T${TWO[h]}:${TWO[mi]}:${TWO[sec]}${msPart}`;
}

/** "2026-03-05" (or an instant's ISO text) → "05/03/2026": a date as Vietnamese documents write it. */
export const dmyText = (isoDate: string): string => `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;

/** Vietnam calendar date (YYYY-MM-DD) of an instant. */
export const vnDate = (ms: number | Date): string => dateOfDayIndex(vnDayIndex(typeof ms === 'number' ? ms : ms.getTime()));

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 date or date-time. A value without an offset is read as Vietnam time (the users'
 * wall clock), never as the server's zone. Returns null when the text is not a real instant.
 */
export function parseVnInstant(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const day = (() => {
    try {
      return dayIndexOfDate(`${y}-${mo}-${d}`);
    } catch {
      return null;
    }
  })();
  if (day === null || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const wall = day * DAY_MS + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + Number((frac + '000').slice(0, 3));
  if (!zone) return wall - VN_OFFSET_MS;
  if (zone === 'Z') return wall;
  const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  if (Number(zm[2]) > 14 || Number(zm[3]) > 59) return null;
  const off = (Number(zm[2]) * 60 + Number(zm[3])) * MINUTE_MS * (zm[1] === '+' ? 1 : -1);
  return wall - off;
}

/** "HH:MM" → milliseconds after midnight. */
export function hhmmToMs(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`invalid time ${text}`);
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS;
}
