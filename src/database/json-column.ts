/**
 * A jsonb column's value: PostgreSQL's driver parses jsonb, PGlite (and a value read through a text cast) gives it as
 * text. Every reader of a JSON column goes through this.
 */
export const jsonColumn = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
