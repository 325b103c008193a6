import { describe, expect, it } from 'vitest';
import { loadSqlMigrations, splitStatements } from './sql-migrations.js';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = `CREATE TABLE a (x text DEFAULT 'a;b'); -- comment; here
      CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
      INSERT INTO a VALUES ('it''s;')`;
    expect(splitStatements(sql)).toEqual([
      "CREATE TABLE a (x text DEFAULT 'a;b')",
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      "INSERT INTO a VALUES ('it''s;')",
    ]);
  });
});

describe('loadSqlMigrations', () => {
  it('wraps every migration file with a TypeORM name ending in its timestamp', () => {
    const ms = loadSqlMigrations();
    expect(ms.length).toBeGreaterThan(0);
    const first = new ms[0]();
    expect(first.name).toMatch(/^Foundation1763800000000$/);
  });
});
