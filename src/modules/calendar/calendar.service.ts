import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/app-error.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { WorkingCalendar } from './working-calendar.js';

/** Gives each agency its working calendar (its calendar's years + its office sessions), built once. */
@Injectable()
export class CalendarService {
  private readonly cache = new Map<string, WorkingCalendar>();

  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly agencies: AgencyDirectory,
  ) {}

  forAgency(code: string): WorkingCalendar {
    const a = this.agencies.get(code);
    if (!a) throw notFound('cơ quan', code);
    const key = `${a.calendar}|${a.sessions.join(',')}`;
    let cal = this.cache.get(key);
    if (!cal) {
      cal = new WorkingCalendar({
        years: this.workflows.value.calendars.get(a.calendar) ?? [],
        sessions: a.sessions,
        hoursPerDay: this.agencies.hoursPerDay,
        name: a.calendar,
      });
      this.cache.set(key, cal);
    }
    return cal;
  }

  get defaultCutoff(): string {
    return this.agencies.defaultCutoff;
  }
}
