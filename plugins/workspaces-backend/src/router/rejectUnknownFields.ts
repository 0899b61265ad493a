import { InputError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';

type Schema = {
  $ref?: string;
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
};

type Spec = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(spec: Spec, schema: Schema): Schema {
  return schema.$ref
    ? resolve(spec, spec.components.schemas[schema.$ref.split('/').pop()!])
    : schema;
}

function findUnknownField(
  spec: Spec,
  schema: Schema,
  value: unknown,
  path: string,
): string | undefined {
  const resolved = resolve(spec, schema);
  if (Array.isArray(value) && resolved.items) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnknownField(
        spec,
        resolved.items,
        value[i],
        `${path}[${i}]`,
      );
      if (found) return found;
    }
    return undefined;
  }
  if (!value || typeof value !== 'object' || !resolved.properties) {
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const property = resolved.properties[key];
    if (!property) {
      if (resolved.additionalProperties === false) {
        const allowed = Object.keys(resolved.properties).join(', ');
        return `${field}: unknown field; allowed here: ${allowed}`;
      }
      continue;
    }
    const found = findUnknownField(spec, property, child, field);
    if (found) return found;
  }
  return undefined;
}

/**
 * Names the unknown field of a request body, which the contract's validator
 * only reports as "must NOT have additional properties".
 */
export function rejectUnknownFields(spec: Spec) {
  const operations = Object.entries(spec.paths).map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods,
  }));
  return (req: Request, _res: Response, next: NextFunction) => {
    const operation = operations.find(({ pattern }) => pattern.test(req.path))
      ?.methods[req.method.toLowerCase()];
    const schema =
      operation?.requestBody?.content?.['application/json']?.schema;
    const problem = schema && findUnknownField(spec, schema, req.body, '');
    next(problem ? new InputError(problem) : undefined);
  };
}
