import fc from 'fast-check';
import { WORKSPACE_NAME_RULE } from '@backstage-workspaces/plugin-workspaces-common';

/** Strings attackers try: traversal, injection, control and bidi characters. */
const knownHostile = [
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f',
  '"; DROP TABLE workspaces; --',
  "' OR '1'='1",
  '$(rm -rf /)',
  '`id`',
  '{{7*7}}',
  '${jndi:ldap://example.com/a}',
  '\u0000',
  '\u202eevil',
  '<script>alert(1)</script>',
  'CON',
  ' ',
  '',
  'a\nb',
  'a'.repeat(5_000),
  '\ud800',
  '🧪🧪🧪',
  'ﬁle',
  'registry.example.com/evil:latest@sha256:00',
];

/** Any string, including the known hostile ones, unicode and huge ones. */
export const hostileString = fc.oneof(
  fc.constantFrom(...knownHostile),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ minLength: 300, maxLength: 3_000 }),
);

/** A workspace name the rules refuse. */
export const invalidName = hostileString.filter(
  name =>
    !WORKSPACE_NAME_RULE.pattern.test(name) ||
    name.length > WORKSPACE_NAME_RULE.maxLength,
);

/** An env var name the rules refuse. */
export const invalidEnvName = hostileString.filter(
  name => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.length > 128,
);

/** A JSON value of any type but the given one. */
export const wrongType = (not: string) =>
  fc
    .oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), {
        maxKeys: 3,
      }),
    )
    .filter(value => {
      if (not === 'array') return !Array.isArray(value);
      if (not === 'object') {
        return (
          typeof value !== 'object' || value === null || Array.isArray(value)
        );
      }
      return typeof value !== not;
    });

/** A key no schema has. */
export const unknownKey = fc
  .string({ minLength: 1, maxLength: 30 })
  .filter(
    key =>
      ![
        'project',
        'name',
        'environment',
        'compute',
        'dataSources',
        'env',
        'start',
        'revision',
        '__proto__',
        'constructor',
      ].includes(key),
  );

const expectedType: Record<string, string> = {
  name: 'string',
  environment: 'string',
  compute: 'object',
  env: 'array',
  dataSources: 'array',
};

/** A valid workspace spec, changed in exactly one hostile way. */
export function hostileSpec(valid: Record<string, unknown>) {
  const set = (key: string) => (value: unknown) => ({ ...valid, [key]: value });
  const env = valid.env as Array<Record<string, unknown>>;
  return fc.oneof(
    invalidName.map(set('name')),
    hostileString
      .filter(ref => !/^(system:)?(default\/)?vision$/i.test(ref))
      .map(set('project')),
    hostileString
      .filter(id => !['jupyterlab', 'vision-lab'].includes(id))
      .map(set('environment')),
    hostileString
      .filter(id => !['cpu-small', 'gpu-1'].includes(id))
      .map(preset => set('compute')({ preset })),
    hostileString.map(cpu =>
      set('compute')({ preset: 'cpu-small', overrides: { cpu } }),
    ),
    hostileString
      .filter(size => !/^\d+(Gi|Mi)$/.test(size))
      .map(size => set('dataSources')([{ id: 'home', size }])),
    invalidEnvName.map(name => set('env')([...env, { name, value: 'x' }])),
    fc
      .string({ minLength: 32_769, maxLength: 40_000 })
      .map(value => set('env')([...env, { name: 'HUGE', value }])),
    fc
      .integer({ min: 129, max: 2_000 })
      .map(n =>
        set('env')(
          Array.from({ length: n }, (_, i) => ({ name: `V${i}`, value: 'x' })),
        ),
      ),
    fc
      .integer({ min: 33, max: 500 })
      .map(n =>
        set('dataSources')(Array.from({ length: n }, () => ({ id: 'home' }))),
      ),
    fc
      .constantFrom('name', 'environment', 'compute', 'env', 'dataSources')
      .chain(key => wrongType(expectedType[key]).map(set(key))),
    fc
      .tuple(unknownKey, fc.jsonValue({ maxDepth: 2 }))
      .map(([key, value]) => set(key)(value)),
    // an unknown field deep inside, e.g. an image or a privileged flag
    fc
      .constantFrom('image', 'privileged', 'hostPath', 'securityContext')
      .map(key => set('compute')({ preset: 'cpu-small', [key]: 'evil' })),
  );
}

/** A body that is not JSON, or JSON of the wrong shape. */
export const malformedJson = fc.oneof(
  fc.string({ maxLength: 200 }).filter(text => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom('[]', '1', '"a"', 'null', 'true', '{"a":', '{"revision":'),
);

/** An id for the path: anything but the id of a workspace. */
export const hostilePathSegment = fc.oneof(
  hostileString.filter(text => text.length > 0),
  fc.uuid(),
);
