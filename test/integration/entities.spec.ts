import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** TypeORM's column types as PostgreSQL's information_schema names them. */
const PG_TYPE: Record<string, string> = {
  varchar: 'character varying',
  char: 'character',
  text: 'text',
  integer: 'integer',
  int: 'integer',
  bigint: 'bigint',
  boolean: 'boolean',
  'double precision': 'double precision',
  date: 'date',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
  uuid: 'uuid',
  bytea: 'bytea',
};

type Shape = { type: string; nullable: boolean; length: number | null; array: boolean };

/**
 * The entities and the SQL migrations describe the same schema: every table has its entity, with the same columns, each
 * of the same type, length, nullability and array-ness (the migrations are the truth; an entity that drifts fails here).
 */
describe('entities match the migrated schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('table by table, column by column', async () => {
    const ds = t.app.get(DataSource);
    const rows: {
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      character_maximum_length: number | null;
    }[] = await ds.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name, column_name`,
    );
    const db = new Map<string, Shape>();
    for (const r of rows) {
      const array = r.data_type === 'ARRAY';
      db.set(`${r.table_name}.${r.column_name}`, {
        type: array ? (PG_TYPE[r.udt_name.slice(1)] ?? r.udt_name) : r.data_type,
        nullable: r.is_nullable === 'YES',
        length: r.character_maximum_length === null ? null : Number(r.character_maximum_length),
        array,
      });
    }
    const entities = new Map<string, Shape>();
    for (const m of ds.entityMetadatas) {
      for (const c of m.columns) {
        const type = typeof c.type === 'string' ? c.type : String(c.type);
        entities.set(`${m.tableName}.${c.databaseName}`, {
          type: PG_TYPE[type] ?? type,
          nullable: c.isNullable,
          length: c.length ? Number(c.length) : null,
          array: c.isArray,
        });
      }
    }
    expect([...new Set([...entities.keys()].map((k) => k.split('.')[0]))].sort()).toEqual([...new Set(rows.map((r) => r.table_name))].sort());
    expect(Object.fromEntries([...entities].sort())).toEqual(Object.fromEntries([...db].sort()));
  });
});
