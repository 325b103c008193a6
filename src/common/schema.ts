import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Small builders for the OpenAPI response schemas (JSON Schema as OpenAPI 3.0 has it): the server's answers are
 * plain objects built by view functions, not DTO classes, so their shapes are written here once, beside each feature.
 */
export type Schema = SchemaObject | ReferenceObject;

export const str = (description?: string): SchemaObject => ({ type: 'string', ...(description ? { description } : {}) });
export const int = (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) });
export const num = (description?: string): SchemaObject => ({ type: 'number', ...(description ? { description } : {}) });
export const bool = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
/** An instant in Vietnam time with its offset (api.md): 2026-03-02T08:00:00+07:00. */
export const instant = (description?: string): SchemaObject => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
export const date = (description?: string): SchemaObject => ({ type: 'string', format: 'date', ...(description ? { description } : {}) });
export const oneOf = (values: readonly string[], description?: string): SchemaObject => ({
  type: 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});
export const arr = (items: Schema, description?: string): SchemaObject => ({ type: 'array', items, ...(description ? { description } : {}) });
export const nullable = (s: Schema): Schema => ('$ref' in s ? ({ allOf: [s], nullable: true } as SchemaObject) : { ...s, nullable: true });
/** Free-form data whose keys depend on the record (an event's payload, a form's fields). */
export const anyObject = (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description });
export const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

/** An object whose properties are all present (some may be null); `optional` names those that may be absent. */
export function obj(properties: Record<string, Schema>, optional: string[] = [], description?: string): SchemaObject {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    ...(description ? { description } : {}),
  };
}

/** `{ items, page, pageSize, total }` (api.md: paging). */
/** One entry of an audit log's timeline (dossiers and feedback; `extra` adds a domain's own fields). */
export const timelineEntry = (extra: Record<string, Schema> = {}): SchemaObject =>
  obj({
    seq: int(),
    action: str(),
    ...extra,
    actor: str(),
    at: instant(),
    from: nullable(str()),
    to: nullable(str()),
    note: nullable(str()),
    payload: anyObject('dữ liệu của thao tác'),
  });

export const page = (item: Schema): SchemaObject => obj({ items: arr(item), page: int(), pageSize: int(), total: int() });

/** Set by `@Public()` on a route's operation: it needs no token (the document gives it no security). */
export const PUBLIC_EXTENSION = 'x-public';
