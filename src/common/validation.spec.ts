import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CreateDossierDto, DossierActionDto, RatingDto } from '../modules/dossier/dossier.dto.js';
import { type AppError, validationFailed } from './app-error.js';
import { compileDtoCheck } from './dto-checker.js';
import { ApiValidationPipe, hasTransformerMetadata, MAX_INPUT_DEPTH, rawInputError, toFieldErrors } from './validation.js';

/** Nest's pipe with the same options and no short path: the reference the short path must agree with. */
const reference = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: true },
  exceptionFactory: (e) => validationFailed(toFieldErrors(e)),
});
const pipe = new ApiValidationPipe();

const outcome = async (p: ValidationPipe, value: unknown, metatype: ArgumentMetadata['metatype']) => {
  try {
    const v = await p.transform(structuredClone(value), { type: 'body', metatype });
    return { ok: true, proto: Object.getPrototypeOf(v) as unknown, value: { ...(v as object) } };
  } catch (e) {
    const { status, code, message, details } = e as AppError;
    return { ok: false, error: { status, code, message, details } };
  }
};

// A small deterministic generator, so a failure names a body that can be replayed. Values are mostly ones a
// field accepts, sometimes anything, so that both verdicts are common.
function* bodies(seed: number, n: number): Generator<Record<string, unknown>> {
  let x = seed;
  const rnd = (k: number): number => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % k);
  const any: unknown[] = [
    undefined,
    null,
    0,
    1,
    -1,
    2.5,
    1e11,
    '',
    'a',
    'x'.repeat(2001),
    '😀'.repeat(1001),
    true,
    false,
    [],
    ['Bản sao'],
    [1],
    [''],
    ['x'.repeat(301)],
    Array.from({ length: 51 }, () => 'a'),
    [null],
    '1',
  ];
  const good: Record<string, unknown[]> = {
    action: ['complete_step', 'approve', 'request_supplement', 'withdraw', 'nope'],
    expectedVersion: [1, 7, 0, 1.5],
    note: ['ghi chú', '😀'.repeat(1500), 'x'.repeat(2000)],
    items: [['Bản sao CCCD'], ['a', 'b'], ['x'.repeat(300)]],
    amount: [0, 8000, 10_000_000_000, 10_000_000_001],
    online: [true, false],
    outcome: ['issued', 'denied', 'other'],
    electronic: [true, false],
    reason: ['lý do', 'x'.repeat(2000)],
    newDueAt: ['2026-03-10T17:00:00+07:00'],
    level: ['very_satisfied', 'satisfied', 'dissatisfied'],
    comment: ['tốt', 'x'.repeat(1000)],
    extra: [1],
  };
  const keys = Object.keys(good);
  for (let i = 0; i < n; i++) {
    const body: Record<string, unknown> = {};
    for (let k = rnd(4); k > 0; k--) {
      const key = keys[rnd(keys.length)];
      body[key] = rnd(4) === 0 ? any[rnd(any.length)] : good[key][rnd(good[key].length)];
    }
    if (rnd(2) === 0) Object.assign(body, { action: 'complete_step', expectedVersion: 1 });
    if (rnd(3) === 0) body.level = 'satisfied';
    yield body;
  }
}

describe('validation pipe: the short path for flat bodies', () => {
  it('is used for flat DTOs and not for nested ones', () => {
    expect(compileDtoCheck(DossierActionDto)).not.toBeNull();
    expect(compileDtoCheck(RatingDto)).not.toBeNull();
    expect(compileDtoCheck(CreateDossierDto)).toBeNull();
  });

  it('copies a flat body onto the DTO only where class-transformer has nothing to do', () => {
    // CreateDossierDto's @Type decorators must be seen, or the copy could stand in for a real transformation.
    expect(hasTransformerMetadata(CreateDossierDto)).toBe(true);
    expect(hasTransformerMetadata(DossierActionDto)).toBe(false);
    expect(hasTransformerMetadata(RatingDto)).toBe(false);
  });

  it('accepts and refuses exactly what class-validator does, with the same instance or the same errors', async () => {
    let accepted = 0;
    for (const [metatype, seed] of [
      [DossierActionDto, 7],
      [RatingDto, 11],
      [CreateDossierDto, 13],
    ] as const) {
      for (const body of bodies(seed, 1500)) {
        const [mine, theirs] = [await outcome(pipe, body, metatype), await outcome(reference, body, metatype)];
        expect(mine, JSON.stringify(body)).toEqual(theirs);
        if (mine.ok) accepted++;
      }
    }
    // The comparison means something only if both verdicts occur often.
    expect(accepted).toBeGreaterThan(300);
    expect(accepted).toBeLessThan(4000);
  });

  it('keeps the full path for what is not a flat JSON object', async () => {
    for (const body of [
      null,
      'text',
      5,
      [{ action: 'complete_step', expectedVersion: 1 }],
      { action: 'complete_step', expectedVersion: 1, items: [{ a: 1 }] },
    ]) {
      expect(await outcome(pipe, body, DossierActionDto)).toEqual(await outcome(reference, body, DossierActionDto));
    }
  });
});

describe('rawInputError: what PostgreSQL or the libraries cannot take', () => {
  it('finds NUL and half surrogate pairs in values and keys, with the path to them', () => {
    expect(rawInputError({ a: 'ok', b: [{ c: 'x\u0000' }] })).toMatchObject({ field: 'b[0].c' });
    expect(rawInputError({ a: { b: '\ud800' } })).toMatchObject({ field: 'a.b' });
    expect(rawInputError({ a: { b: 'x\udc00y' } })).toMatchObject({ field: 'a.b' });
    expect(rawInputError({ a: { 'k\u0000': 1 } })).toMatchObject({ field: 'a', message: 'tên trường "a.k\u0000" chứa ký tự không hợp lệ' });
    expect(rawInputError('\u0000', 'code')).toMatchObject({ field: 'code' });
    expect(rawInputError(['\u0000'])).toMatchObject({ field: '[0]' });
  });

  it('passes ordinary text, whole surrogate pairs and scalars', () => {
    expect(rawInputError({ name: 'Nguyễn 𠀧 An 😀', n: 1, b: true, z: null, list: ['Lộc Bình', 2] })).toBeNull();
    expect(rawInputError(undefined)).toBeNull();
  });

  it('refuses nesting deeper than MAX_INPUT_DEPTH without recursing', () => {
    const deep = (n: number): unknown => {
      let v: unknown = 'leaf';
      for (let i = 0; i < n; i++) v = [v];
      return v;
    };
    expect(rawInputError(deep(MAX_INPUT_DEPTH))).toBeNull();
    expect(rawInputError(deep(MAX_INPUT_DEPTH + 1))?.message).toBe(`dữ liệu lồng nhau quá ${MAX_INPUT_DEPTH} cấp`);
    expect(rawInputError({ a: deep(200_000) })?.field).toMatch(/^a(\[0\])+$/);
  });
});
