import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');

/**
 * One year of an official calendar: holidays, swapped days off and make-up working days.
 * Official yearly decisions win over anything computed, so every entry names its source.
 */
export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    note: z.string().optional(),
    days: z.array(
      z
        .object({
          date: isoDate,
          /**
           * holiday: public holiday (BLLĐ Đ.112); day_off: swapped or compensatory day off; working_day: make-up day;
           * announced: a day off announced but not in force (listed with its status, never counted).
           */
          type: z.enum(['holiday', 'day_off', 'working_day', 'announced']),
          name: z.string().min(2),
          source: z.string().min(2),
          confirmed: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();

export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type CalendarDayEntry = CalendarYear['days'][number];
