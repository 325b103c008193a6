import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/common/project-root.js';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { WorkflowsInvalid } from '../../src/workflow-engine/definition-error.js';
import { loadWorkflows } from '../../src/workflows/workflows-loader.js';
import { ADMIN_PASSWORD, startApp, testEnv } from '../helpers/test-app.js';
import { copyWorkflows, editFile } from '../helpers/workflows-copy.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const scratch = (): string => {
  const d = copyWorkflows();
  dirs.push(d);
  return d;
};

function issuesOf(dir: string): { file: string; field: string; message: string }[] {
  try {
    loadWorkflows(dir);
  } catch (e) {
    if (e instanceof WorkflowsInvalid) return e.issues;
    throw e;
  }
  return [];
}

describe('invalid workflow files are named by file and field', () => {
  it('the shipped workflows are valid', () => {
    expect(issuesOf(join(projectRoot(), 'workflows'))).toEqual([]);
  });

  it.each([
    ['a wrong deadline unit', 'procedures/khai-sinh.yaml', (s: string) => s.replace('unit: same_day', 'unit: fortnights'), 'deadline.unit'],
    [
      'budgets that do not add up',
      'procedures/ho-kinh-doanh.yaml',
      (s: string) => s.replace('owner: economy, budget: 1.5', 'owner: economy, budget: 2.5'),
      'steps',
    ],
    ['an unknown owner kind', 'procedures/ho-kinh-doanh.yaml', (s: string) => s.replace('owner: economy', 'owner: treasury'), 'steps[1].owner'],
    ['a missing source', 'procedures/khai-tu.yaml', (s: string) => s.replace(/ {2}fee: \{ ref: .*\n/, ''), 'source.fee'],
    ['an unknown field', 'procedures/khai-tu.yaml', (s: string) => s + 'colour: blue\n', ''],
    ['a bad cut-off', 'procedures/khai-tu.yaml', (s: string) => s.replace('cutoff: "15:00"', 'cutoff: "3pm"'), 'deadline.cutoff'],
    ['a duplicate step id', 'procedures/ket-hon.yaml', (s: string) => s.replace('id: ky_duyet', 'id: tham_dinh'), 'steps[2].id'],
    ['a bad unit identifier', 'agencies.yaml', (s: string) => s.replace('unitId: 000.21.37.H37', 'unitId: LOCBINH'), 'provinces[1].communes[0].unitId'],
    [
      'overlapping office sessions',
      'agencies.yaml',
      (s: string) => s.replace('sessions: ["07:00-11:30", "13:30-17:00"]', 'sessions: ["07:00-14:00", "13:30-17:00"]'),
      'sessions',
    ],
    ['a calendar entry in the wrong year', 'calendars/vn/2026.yaml', (s: string) => s.replace('date: 2026-04-30', 'date: 2025-04-30'), 'days[10].date'],
    ['a calendar date that does not exist', 'calendars/vn/2026.yaml', (s: string) => s.replace('date: 2026-04-30', 'date: 2026-04-31'), 'days[10].date'],
    [
      'a rule set with an unknown classification',
      'rulesets/2025-09-15-nd118-2025-tt03.yaml',
      (s: string) => s.replace('value: date', 'value: weekly'),
      'classifyBy.value',
    ],
    ['broken YAML', 'procedures/khai-tu.yaml', (s: string) => s.replace('steps:', 'steps: [ : :'), ''],
  ])('%s', (_name, file, edit, field) => {
    const dir = scratch();
    editFile(dir, file, edit);
    const issues = issuesOf(dir);
    expect(issues.length).toBeGreaterThan(0);
    const hit = issues.find((i) => i.file === file && i.field.includes(field));
    expect(hit, JSON.stringify(issues)).toBeDefined();
  });

  it('a gap between calendar years is refused', () => {
    const dir = scratch();
    unlinkSync(join(dir, 'calendars/vn/2026.yaml'));
    expect(issuesOf(dir).some((i) => /2026/.test(i.message))).toBe(true);
  });

  it('a duplicate procedure code names both files', () => {
    const dir = scratch();
    editFile(dir, 'procedures/khai-tu.yaml', (s) => s.replace('code: "1.000656"', 'code: "1.001193"'));
    const issue = issuesOf(dir).find((i) => i.field === 'code');
    expect(issue?.message).toMatch(/khai-sinh\.yaml|khai-tu\.yaml/);
  });

  it('npm run workflows:check and the server both refuse an invalid directory with the file and field', () => {
    const dir = scratch();
    editFile(dir, 'procedures/khai-sinh.yaml', (s) => s.replace('unit: same_day', 'unit: fortnights'));
    const tsx = join(projectRoot(), 'node_modules/.bin/tsx');
    const check = spawnSync(tsx, ['src/cli/workflows-check.ts'], { cwd: projectRoot(), env: { ...process.env, WORKFLOWS_DIR: dir }, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/procedures\/khai-sinh\.yaml: deadline\.unit/);
    const server = spawnSync(tsx, ['src/main.ts'], {
      cwd: projectRoot(),
      env: { ...process.env, WORKFLOWS_DIR: dir, ADMIN_PASSWORD, DATABASE_URL: '', REDIS_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(server.status).toBe(1);
    expect(server.stderr).toMatch(/procedures\/khai-sinh\.yaml: deadline\.unit/);
  });
});

describe('invalid configuration stops the server with one line naming it', () => {
  const base = { ADMIN_PASSWORD, DATA_DIR: '/tmp/motcua-config-test' };
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://u@h/db' }, 'JWT_SECRET'],
    [{ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ JWT_TTL: 'forever' }, 'JWT_TTL'],
    [{ ADMIN_PASSWORD: 'abc' }, 'ADMIN_PASSWORD'],
    [{ WORKFLOWS_DIR: '/nonexistent/dir' }, 'WORKFLOWS_DIR'],
    [{ LOGIN_MAX_FAILURES: '0' }, 'LOGIN_MAX_FAILURES'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ HEAP_GROWING_PERCENT: 'half' }, 'HEAP_GROWING_PERCENT'],
    [{ DOSSIER_CACHE_SIZE: '2000000' }, 'DOSSIER_CACHE_SIZE'],
    [{ PGLITE_OPTIMIZE: 'fast' }, 'PGLITE_OPTIMIZE'],
    [{ RUN_JOBS: 'maybe', DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(40), REDIS_URL: 'redis://h:6379' }, 'RUN_JOBS'],
  ] as [Record<string, string>, string][])('%o → %s', (env, variable) => {
    let err: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as ConfigError).message).toMatch(new RegExp(`^Cấu hình không hợp lệ: ${variable} — `));
    expect((err as ConfigError).message).not.toContain('\n');
  });

  it('the server process exits 1 printing that single line', () => {
    const tsx = join(projectRoot(), 'node_modules/.bin/tsx');
    const r = spawnSync(tsx, ['src/main.ts'], {
      cwd: projectRoot(),
      env: { ...process.env, PORT: 'abc', DATABASE_URL: '', REDIS_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Cấu hình không hợp lệ: PORT — phải là số nguyên, nhận được "abc"\.$/);
  });
});

describe('start-up against the database', () => {
  it('refuses a fresh database without ADMIN_PASSWORD', async () => {
    const te = await testEnv({ ADMIN_PASSWORD: '' });
    try {
      await expect(startApp(te)).rejects.toThrow(/ADMIN_PASSWORD/);
    } finally {
      await te.cleanup();
    }
  });

  it('keeps data across a restart, and refuses a published procedure changed without a new version', async () => {
    const te = await testEnv();
    try {
      const first = await startApp(te);
      const token = await first.login('admin', ADMIN_PASSWORD);
      await first
        .http()
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${token}`)
        .send({ username: 'kept.user', fullName: 'Còn đó', password: 'password-123', roles: ['reception'], agencyCode: 'LS.LOIBAC.TTPVHCC' })
        .expect(201);
      await first.app.close();

      // Restart without ADMIN_PASSWORD: an admin exists now, so it starts, and the user is still there.
      const second = await startApp({ ...te, env: { ...te.env, ADMIN_PASSWORD: '' } });
      await second.login('kept.user', 'password-123');
      await second.app.close();

      // The same definition version with different content is refused; a new version is accepted.
      const dir = copyWorkflows();
      dirs.push(dir);
      editFile(dir, 'procedures/khai-sinh.yaml', (s) =>
        s.replace('owner: office, budget: 4', 'owner: office, budget: 3').replace('owner: leadership, budget: 2', 'owner: leadership, budget: 3'),
      );
      await expect(startApp({ ...te, env: { ...te.env, WORKFLOWS_DIR: dir } })).rejects.toThrow(/khai-sinh\.yaml: definitionVersion/);
      editFile(dir, 'procedures/khai-sinh.yaml', (s) => s.replace('definitionVersion: 1', 'definitionVersion: 2'));
      const third = await startApp({ ...te, env: { ...te.env, WORKFLOWS_DIR: dir } });
      const admin = await third.login('admin', ADMIN_PASSWORD);
      const p = await third.http().get('/api/v1/procedures/1.001193').set('Authorization', `Bearer ${admin}`).expect(200);
      expect(p.body.definitionVersion).toBe(2);
      await third.app.close();
    } finally {
      await te.cleanup();
    }
  });

  it('pins rule sets: a changed value under a published id is refused, a confirmed source is not; a removed file is read back', async () => {
    const te = await testEnv();
    try {
      const first = await startApp(te);
      const admin = await first.login('admin', ADMIN_PASSWORD);
      await first
        .http()
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username: 'rs.tn', fullName: 'Tiếp nhận', password: 'password-123', roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC' })
        .expect(201);
      const tn = await first.login('rs.tn', 'password-123');
      const d = await first
        .http()
        .post('/api/v1/dossiers')
        .set('Authorization', `Bearer ${tn}`)
        .send({
          procedureCode: '1.004873',
          agencyCode: 'LS.LOCBINH',
          channel: 'direct',
          applicant: { fullName: 'Nguyễn Văn An', idNumber: '020090001234' },
          documents: [{ name: 'Tờ khai', form: 'original', count: 1 }],
        })
        .expect(201);
      const ruleSetId = d.body.ruleSetId as string;
      await first.app.close();

      const dir = copyWorkflows();
      dirs.push(dir);
      const file = `rulesets/${readdirSync(join(dir, 'rulesets')).find((f) => f.endsWith(`-${ruleSetId}.yaml`))}`;
      // A value changed under the published id: refused, naming the rule set.
      editFile(dir, file, (s) => s.replace('budgetUsedPercent: 75', 'budgetUsedPercent: 80'));
      await expect(startApp({ ...te, env: { ...te.env, WORKFLOWS_DIR: dir } })).rejects.toThrow(new RegExp(`${ruleSetId}.*bộ quy tắc mới`));
      // Only a source's wording and its confirmation changed: the same rule, accepted.
      editFile(dir, file, (s) =>
        s
          .replace('budgetUsedPercent: 80', 'budgetUsedPercent: 75')
          .replace('ngoài quy định pháp luật (domain.md §6)", confirmed: false', 'ngoài quy định pháp luật", confirmed: true'),
      );
      const second = await startApp({ ...te, env: { ...te.env, WORKFLOWS_DIR: dir } });
      await second.app.close();

      // The file is gone (a later rule set replaced it): its dossier still finishes under it, read back as published.
      unlinkSync(join(dir, file));
      const third = await startApp({ ...te, env: { ...te.env, WORKFLOWS_DIR: dir } });
      const tn3 = await third.login('rs.tn', 'password-123');
      const acted = await third
        .http()
        .post(`/api/v1/dossiers/${d.body.id}/actions`)
        .set('Authorization', `Bearer ${tn3}`)
        .send({ action: 'complete_step', expectedVersion: d.body.version });
      expect(acted.status, JSON.stringify(acted.body)).toBe(200);
      expect(acted.body.ruleSetId).toBe(ruleSetId);
      await third.app.close();
    } finally {
      await te.cleanup();
    }
  });
});
