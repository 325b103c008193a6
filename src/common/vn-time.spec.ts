import { describe, expect, it } from 'vitest';
import { formatVn, isoUtc } from './vn-time.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The Date-based formatting these functions replaced, as the reference. */
function referenceVn(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000);
  const milli = d.getUTCMilliseconds() ? '.' + pad(d.getUTCMilliseconds(), 3) : '';
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${milli}+07:00`;
}

/** Instants around the places a civil-date computation goes wrong: month, year, century and leap-day edges. */
function edges(): number[] {
  const out: number[] = [0, -1, -7 * 3_600_000, 1];
  for (const y of [1, 99, 100, 400, 1600, 1899, 1900, 1970, 1999, 2000, 2024, 2025, 2026, 2100, 2400, 9999]) {
    for (const [m, d] of [
      [0, 1],
      [1, 28],
      [1, 29],
      [2, 1],
      [11, 31],
    ]) {
      const base = new Date(0);
      base.setUTCFullYear(y, m, d);
      for (const dt of [-1, 0, 1, 7 * 3_600_000 - 1, 7 * 3_600_000, 17 * 3_600_000 - 1]) out.push(base.getTime() - (base.getTime() % 86_400_000) + dt);
    }
  }
  return out;
}

describe('Vietnam time formatting without Date', () => {
  // A fixed pseudo-random walk over 1900–2100 (the dossiers' range) so that a failure names a reproducible instant.
  const walk = Array.from({ length: 20_000 }, (_, i) => Date.UTC(1900, 0, 1) + ((i * 2_654_435_761) % 6_311_433_600) * 1000 + (i % 1000));

  it('formatVn equals the Date-based formatting at every edge and along a walk of 1900–2100', () => {
    for (const t of [...edges().filter((t) => t >= Date.UTC(1000, 0, 1)), ...walk]) expect([t, formatVn(t)]).toEqual([t, referenceVn(t)]);
    expect(formatVn(new Date('2026-02-25T09:00:00Z'))).toBe('2026-02-25T16:00:00+07:00');
    expect(formatVn(Date.UTC(2025, 11, 31, 17, 0, 0, 5))).toBe('2026-01-01T00:00:00.005+07:00');
  });

  it('isoUtc equals toISOString for years 0–9999 (it feeds the event hashes, which must never change)', () => {
    for (const t of [...edges(), ...walk]) {
      expect([t, isoUtc(t)]).toEqual([t, new Date(t).toISOString()]);
      expect(isoUtc(new Date(t))).toBe(new Date(t).toISOString());
    }
  });
});
