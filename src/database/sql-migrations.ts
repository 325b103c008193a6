import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { projectRoot } from '../common/project-root.js';

/**
 * Migrations are hand-reviewed SQL files in `migrations/` (`<timestamp>-<name>.sql`, sections
 * `-- migrate:up` and `-- migrate:down`), so a reviewer reads exactly what runs on PGlite and PostgreSQL.
 * They are wrapped into TypeORM migration classes so TypeORM keeps the bookkeeping table.
 */
export function migrationsDir(): string {
  return join(projectRoot(), 'migrations');
}

/** Splits a script into statements at top-level semicolons (outside quotes and $$ bodies). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quote: string | null = null;
  while (i < sql.length) {
    const ch = sql[i];
    if (quote) {
      if (sql.startsWith(quote, i)) {
        cur += quote;
        i += quote.length;
        quote = null;
        continue;
      }
      cur += ch;
      i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      cur += '\n';
      continue;
    }
    if (ch === "'") quote = "'";
    else if (ch === '$') {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (m) {
        quote = m[0];
        cur += m[0];
        i += m[0].length;
        continue;
      }
    } else if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += ch;
    i++;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function section(text: string, name: 'up' | 'down', file: string): string {
  const marker = `-- migrate:${name}`;
  const start = text.indexOf(marker);
  if (start === -1) throw new Error(`migration ${file} has no "${marker}" section`);
  const rest = text.slice(start + marker.length);
  const next = rest.indexOf('-- migrate:');
  return next === -1 ? rest : rest.slice(0, next);
}

export function loadSqlMigrations(dir = migrationsDir()): (new () => MigrationInterface)[] {
  return readdirSync(dir)
    .filter((f) => /^\d{13}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const [, ts, slug] = /^(\d{13})-([a-z0-9-]+)\.sql$/.exec(file)!;
      const up = splitStatements(section(text, 'up', file));
      const down = splitStatements(section(text, 'down', file));
      // TypeORM reads the timestamp from the trailing digits of the migration name.
      const name = slug.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()) + ts;
      const cls = class implements MigrationInterface {
        name = name;
        async up(q: QueryRunner): Promise<void> {
          for (const s of up) await q.query(s);
        }
        async down(q: QueryRunner): Promise<void> {
          for (const s of down) await q.query(s);
        }
      };
      Object.defineProperty(cls, 'name', { value: name });
      return cls;
    });
}
