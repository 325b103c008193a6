import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { FieldError, validationFailed } from './app-error.js';
import { compileDtoCheck, type DtoCheck } from './dto-checker.js';

/** The tail of class-validator's English message carries the constraint's values (limits, allowed values). */
const tail = (msg: string, after: RegExp): string => (after.exec(msg)?.[1] ?? '').trim();

/** Vietnamese messages for class-validator's constraints; decorators with their own message keep it. */
const VI: Record<string, (field: string, msg: string) => string> = {
  whitelistValidation: (f) => `trường "${f}" không được phép`,
  isDefined: (f) => `thiếu trường "${f}"`,
  isNotEmpty: (f) => `"${f}" không được để trống`,
  isString: (f) => `"${f}" phải là chuỗi ký tự`,
  isNumber: (f) => `"${f}" phải là số`,
  isInt: (f) => `"${f}" phải là số nguyên`,
  isBoolean: (f) => `"${f}" phải là true hoặc false`,
  isArray: (f) => `"${f}" phải là danh sách`,
  isObject: (f) => `"${f}" phải là đối tượng`,
  isIn: (f, m) => `"${f}" phải là một trong: ${tail(m, /following values: (.*)$/)}`,
  isEnum: (f, m) => `"${f}" phải là một trong: ${tail(m, /following values: (.*)$/)}`,
  min: (f, m) => `"${f}" không được nhỏ hơn ${tail(m, /less than (.*)$/)}`,
  max: (f, m) => `"${f}" không được lớn hơn ${tail(m, /greater than (.*)$/)}`,
  minLength: (f, m) => `"${f}" phải dài ít nhất ${tail(m, /equal to (\d+)/)} ký tự`,
  maxLength: (f, m) => `"${f}" dài tối đa ${tail(m, /equal to (\d+)/)} ký tự`,
  arrayMinSize: (f, m) => `"${f}" phải có ít nhất ${tail(m, /at least (\d+)/)} phần tử`,
  arrayMaxSize: (f, m) => `"${f}" có tối đa ${tail(m, /more than (\d+)/)} phần tử`,
  arrayUnique: (f) => `"${f}" có phần tử trùng nhau`,
  isEmail: (f) => `"${f}" phải là địa chỉ email hợp lệ`,
  isUuid: (f) => `"${f}" phải là UUID`,
  isISO8601: (f) => `"${f}" phải là thời điểm ISO 8601`,
  nestedValidation: (f) => `"${f}" phải là đối tượng hợp lệ`,
};

/** class-validator errors as field errors with Vietnamese messages (also used outside the pipe, e.g. import items). */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    // A required field left out breaks every rule it has; "missing" is the one thing to say about it.
    if (e.value === undefined && e.constraints && !('whitelistValidation' in e.constraints)) {
      out.push({ field, message: VI.isDefined(field, '') });
      continue;
    }
    for (const [key, msg] of Object.entries(e.constraints ?? {})) {
      // A message written in the decorator (Vietnamese already) does not start with the property name.
      const english = msg.startsWith(e.property + ' ') || msg.startsWith('property ') || msg.startsWith('each value in ');
      const translate = VI[key];
      const each = msg.startsWith('each value in ') ? 'mỗi phần tử của ' : '';
      out.push({ field, message: english && translate ? each + translate(field, msg) : msg });
    }
    if (e.children?.length) out.push(...toFieldErrors(e.children, field));
  }
  return out;
}

/**
 * class-validator on every input; unknown fields are refused so typos do not pass silently.
 * A JSON body of flat fields is first checked by `compileDtoCheck` (the same rules without class-validator's
 * executor); a body that does not clearly pass takes Nest's full path, which decides and words the errors.
 */
export class ApiValidationPipe extends ValidationPipe {
  private readonly checks = new Map<ArgumentMetadata['metatype'], DtoCheck | null>();
  private readonly copies = new Map<ArgumentMetadata['metatype'], boolean>();

  constructor() {
    // `value: true` keeps each error's value (Nest strips an object's or an array's), which tells a field left out from one given.
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype as (new () => object) | undefined;
    const dtoBody = metadata.type === 'body' && type !== undefined && this.toValidate(metadata);
    // Path and query values always; a body only when it has a DTO (the history import checks each item itself).
    if (metadata.type === 'param' || metadata.type === 'query' || dtoBody) {
      const bad = rawInputError(value, metadata.type === 'param' ? (metadata.data ?? 'param') : '');
      if (bad) throw validationFailed([bad]);
    }
    if (dtoBody && isFlatObject(value)) {
      let check = this.checks.get(type);
      if (check === undefined) this.checks.set(type, (check = compileDtoCheck(type)));
      if (check) {
        let copy = this.copies.get(type);
        if (copy === undefined) this.copies.set(type, (copy = !hasTransformerMetadata(type)));
        const entity =
          copy && !Object.hasOwn(value, '__proto__') ? Object.assign(new type(), value) : (plainToInstance(type, value) as Record<string, unknown>);
        if (check(entity)) return entity;
      }
    }
    return super.transform(value, metadata);
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text PostgreSQL cannot store (U+0000 in text or jsonb; half a surrogate pair in jsonb) and validator.js chokes on. */
const unstorable = (s: string): boolean => s.includes('\0') || LONE_SURROGATE.test(s);

/** Deeper than any of the API's bodies: class-transformer and JSON.stringify recurse, and would overflow the stack. */
export const MAX_INPUT_DEPTH = 32;

/**
 * What the database or the libraries cannot take, found before they see it: text PostgreSQL refuses (`unstorable`)
 * as a value or a key, or nesting deeper than MAX_INPUT_DEPTH. The first such place as a field error, or null.
 * Iterative, so that a body nested a hundred thousand levels deep is walked, not a stack overflow.
 */
export function rawInputError(value: unknown, root = ''): FieldError | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    const field = path || 'body';
    if (typeof v === 'string') {
      if (unstorable(v)) return { field, message: `"${field}" chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode lỗi)` };
    } else if (typeof v === 'object' && v !== null) {
      if (depth >= MAX_INPUT_DEPTH) return { field, message: `dữ liệu lồng nhau quá ${MAX_INPUT_DEPTH} cấp` };
      if (Array.isArray(v)) {
        v.forEach((x, i) => stack.push([x, `${path}[${i}]`, depth + 1]));
      } else {
        for (const [k, x] of Object.entries(v)) {
          const sub = path ? `${path}.${k}` : k;
          if (unstorable(k)) return { field, message: `tên trường "${sub}" chứa ký tự không hợp lệ` };
          stack.push([x, sub, depth + 1]);
        }
      }
    }
  }
  return null;
}

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== 'object';

/** A plain object whose fields are primitives or arrays of primitives: what the short path copies exactly. */
function isFlatObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const f of Object.values(v)) if (!isPrimitive(f) && !(Array.isArray(f) && f.every(isPrimitive))) return false;
  return true;
}

/** Probe values, one of each shape a decorator may act on: text, a number, a list, an object. */
const PROBES: unknown[] = ['\u2063probe', 7, ['\u2063probe'], {}];

const sameValue = (a: unknown, b: unknown): boolean =>
  typeof a === 'object' && a !== null && typeof b === 'object' && b !== null
    ? Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && JSON.stringify(a) === JSON.stringify(b)
    : Object.is(a, b);

/**
 * Whether class-transformer would do more with a body than copy it onto a new instance: asked of the library itself
 * through its public `plainToInstance`, with every property the class declares or validates set to each probe. For a
 * class without its decorators that is a copy, and its metadata lookups cost more than the rest of validating an
 * action's body. Called once per DTO class.
 */
export function hasTransformerMetadata(type: new () => object): boolean {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(type, '', false, false, undefined)
    .map((m) => m.propertyName);
  const properties = [...new Set([...Object.keys(new type()), ...validated])];
  return PROBES.some((probe) => {
    const plain = Object.fromEntries(properties.map((p) => [p, probe]));
    const copied = Object.assign(new type(), plain) as Record<string, unknown>;
    const made = plainToInstance(type, plain) as Record<string, unknown>;
    const keys = new Set([...Object.keys(copied), ...Object.keys(made)]);
    return Object.getPrototypeOf(made) !== Object.getPrototypeOf(copied) || [...keys].some((k) => !sameValue(copied[k], made[k]));
  });
}
