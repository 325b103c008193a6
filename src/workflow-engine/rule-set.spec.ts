import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../common/project-root.js';
import { ruleSetFor } from './rule-set.js';
import { loadWorkflows } from '../workflows/workflows-loader.js';

const { ruleSets } = loadWorkflows(join(projectRoot(), 'workflows'));
const at = (iso: string) => new Date(iso);

describe('rule set selected by reception date (domain rule 21)', () => {
  it.each([
    ['2025-06-30T16:59:00+07:00', 'nd61-2018', 'tt01-2018'],
    // 30/6 17:00 UTC is already 1/7 in Vietnam: the reception date is Vietnam's.
    ['2025-06-30T17:00:00Z', 'nd118-2025', 'tt01-2018'],
    ['2025-07-01T08:00:00+07:00', 'nd118-2025', 'tt01-2018'],
    ['2025-09-14T16:00:00+07:00', 'nd118-2025', 'tt01-2018'],
    ['2025-09-15T07:00:00+07:00', 'nd118-2025-tt03', 'tt03-2025'],
    ['2026-11-22T09:00:00+07:00', 'nd118-2025-tt03', 'tt03-2025'],
  ])('received %s → %s (forms %s)', (received, id, forms) => {
    const r = ruleSetFor(ruleSets, at(received));
    expect(r.id).toBe(id);
    expect(r.forms.value).toBe(forms);
  });

  it('carries the domain defaults: apology 1 working day before, at most once; classify by date', () => {
    const r = ruleSetFor(ruleSets, at('2026-01-05T09:00:00+07:00'));
    expect(r.apology.leadTime.value).toEqual({ amount: 1, unit: 'working_days' });
    expect(r.apology.maxCount.value).toBe(1);
    expect(r.classifyBy.value).toBe('date');
    expect(r.apology.maxCount.confirmed).toBe(false);
  });

  it('a reception date before every rule set is an error, not a guess', () => {
    expect(() => ruleSetFor(ruleSets, at('2017-01-01T09:00:00+07:00'))).toThrow(/bộ quy tắc/);
  });
});
