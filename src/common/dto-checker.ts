import { getMetadataStorage, type MetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** Says whether an instance of a DTO class passes all its rules; `false` means "not sure", never "invalid". */
export type DtoCheck = (entity: Record<string, unknown>) => boolean;

interface Rule {
  meta: ValidationMetadata;
  validate: (value: unknown, args: ValidationArguments) => unknown;
}

interface PropertyRules {
  conditions: ValidationMetadata[];
  rules: Rule[];
}

const SUPPORTED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

/**
 * class-validator's verdict on a flat DTO without its executor: the same constraint instances, called the way
 * `ValidationExecutor` calls them under our pipe's options (whitelist, forbidNonWhitelisted, no groups). Its
 * metadata lookups and error objects were most of the cost of validating an action's body.
 * Returns null for a class using anything else (nested objects, promises, groups, `always`, async constraints):
 * those keep the full path. A `false` from the check sends the body down the full path too, which then writes
 * the errors, so the answers for invalid bodies are class-validator's own.
 */
export function compileDtoCheck(target: new () => object): DtoCheck | null {
  const storage = getMetadataStorage();
  const metas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  if (metas.length === 0) return null;
  const byName = new Map<string, PropertyRules>();
  for (const meta of metas) {
    if (!SUPPORTED.has(meta.type) || meta.always || (meta.groups?.length ?? 0) > 0) return null;
    let prop = byName.get(meta.propertyName);
    if (!prop) byName.set(meta.propertyName, (prop = { conditions: [], rules: [] }));
    if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) prop.conditions.push(meta);
    else if (meta.type !== ValidationTypes.WHITELIST) {
      for (const c of storage.getTargetValidatorConstraints(meta.constraintCls)) {
        if (c.async) return null;
        prop.rules.push({ meta, validate: (value, args) => c.instance.validate(value, args) });
      }
    }
  }
  const props = [...byName];
  const passes = (entity: Record<string, unknown>, value: unknown, r: Rule): boolean => {
    if (r.meta.validateIf && !r.meta.validateIf(entity, value)) return true;
    const args: ValidationArguments = { targetName: target.name, property: r.meta.propertyName, object: entity, value, constraints: r.meta.constraints };
    const each = r.meta.each && (Array.isArray(value) || value instanceof Set || value instanceof Map);
    // A promise (an async rule class-validator would await) is not `true`: the full path decides.
    if (!each) return r.validate(value, args) === true;
    return [...(value instanceof Map ? value.values() : (value as Iterable<unknown>))].every((v) => r.validate(v, args) === true);
  };
  return (entity) => {
    // whitelist + forbidNonWhitelisted: any property without rules is an error.
    for (const key of Object.keys(entity)) if (!byName.has(key)) return false;
    for (const [name, p] of props) {
      const value = entity[name];
      if (!p.conditions.every((c) => (c.constraints[0] as (o: object, v: unknown) => boolean)(entity, value))) continue;
      for (const r of p.rules) if (!passes(entity, value, r)) return false;
    }
    return true;
  };
}
