import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { SCHEMA_FILE, typesFromDocument } from '../../src/cli/api-types.js';
import { useStaffApp } from '../helpers/staff.js';

/**
 * The OpenAPI document describes the whole API (issue 22): every operation has a Vietnamese summary, its answer's
 * schema, its error answers and its security; Redocly's recommended rules find nothing; and the web application's
 * typed client (web/src/api/schema.d.ts) is what the server describes now.
 */
const ctx = useStaffApp(new FixedClock(new Date('2026-03-02T08:00:00+07:00')));

type Operation = { operationId: string; summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

async function document(): Promise<{ paths: Record<string, Record<string, Operation>> }> {
  const res = await ctx.t.http().get('/docs-json');
  expect(res.status).toBe(200);
  return res.body;
}

const operations = (doc: Awaited<ReturnType<typeof document>>) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  it('every operation has a summary, an answer with its schema, error answers and its security', async () => {
    const ops = operations(await document());
    expect(ops.length).toBeGreaterThanOrEqual(48);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toMatch(/\p{L}/u);
      const ok = Object.entries(op.responses).find(([s]) => s.startsWith('2'));
      expect(ok, where).toBeDefined();
      expect(
        Object.values(ok![1].content ?? {}).every((c) => c.schema !== undefined),
        where,
      ).toBe(true);
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('4')),
        where,
      ).toBe(true);
      expect(op.security, where).toBeDefined();
    }
  });

  it('the security it states is what the server enforces: a route that needs a token answers 401 without one', async () => {
    for (const { path, method, op } of operations(await document())) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000');
      const res = await ctx.t
        .http()
        [method as 'get' | 'post' | 'patch'](url)
        .send(method === 'get' ? undefined : {});
      if (op.security!.length > 0) expect(res.status, `${method.toUpperCase()} ${path}`).toBe(401);
      else expect(res.status, `${method.toUpperCase()} ${path}`).not.toBe(401);
    }
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(await document()));
      let out: string;
      try {
        out = execFileSync('npx', ['--no', 'redocly', 'lint', file, '--format=json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (e) {
        out = (e as { stdout: string }).stdout;
      }
      const report = JSON.parse(out) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the web application's typed client is generated from this document (npm run api:types)", async () => {
    expect(await typesFromDocument(await document()), 'web/src/api/schema.d.ts is out of date: run "npm run api:types"').toBe(
      readFileSync(SCHEMA_FILE, 'utf8'),
    );
  });
});
