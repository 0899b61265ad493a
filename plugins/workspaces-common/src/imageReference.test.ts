import { WorkspaceEnvironment } from './buildingBlocks';
import { checkCustomImage, parseImageReference } from './imageReference';

const environment = {
  id: 'custom-lab',
  customImage: {
    allowedRegistries: [
      'registry.example.com',
      'ghcr.io/acme',
      'docker.io/jupyter',
      'localhost:5000',
    ],
  },
} as WorkspaceEnvironment;

describe('parseImageReference', () => {
  it.each([
    ['ubuntu', { registry: 'docker.io', repository: 'library/ubuntu' }],
    [
      'jupyter/base-notebook:2024-10-01',
      {
        registry: 'docker.io',
        repository: 'jupyter/base-notebook',
        tag: '2024-10-01',
      },
    ],
    [
      'Registry.Example.com/team/lab:1.0',
      { registry: 'registry.example.com', repository: 'team/lab', tag: '1.0' },
    ],
    ['localhost:5000/lab', { registry: 'localhost:5000', repository: 'lab' }],
    ['localhost/lab', { registry: 'localhost', repository: 'lab' }],
    ['[::1]:5000/lab', { registry: '[::1]:5000', repository: 'lab' }],
    [
      `ghcr.io/acme/lab@sha256:${'a'.repeat(64)}`,
      {
        registry: 'ghcr.io',
        repository: 'acme/lab',
        digest: `sha256:${'a'.repeat(64)}`,
      },
    ],
    [
      'a__b/c.d-e--f:v_1',
      { registry: 'docker.io', repository: 'a__b/c.d-e--f', tag: 'v_1' },
    ],
  ])('reads %s', (reference, parsed) => {
    expect(parseImageReference(reference)).toEqual(parsed);
  });

  it.each([
    ['', 'empty'],
    ['Upper/lab', 'an upper-case path'],
    ['team/Lab', 'an upper-case repository'],
    ['lab:', 'an empty tag'],
    [`lab:${'t'.repeat(129)}`, 'a tag over 128 characters'],
    ['lab@sha256:abc', 'a short digest'],
    ['registry.example.com/', 'no repository'],
    ['a/-b', 'a component starting with a separator'],
    ['a//b', 'an empty component'],
    [`registry.example.com/${'a'.repeat(250)}`, 'a name over 255 characters'],
  ])('refuses %j (%s)', reference => {
    expect(parseImageReference(reference)).toBeUndefined();
  });
});

describe('checkCustomImage', () => {
  it.each([
    'registry.example.com/team/lab:1.0',
    'ghcr.io/acme/lab',
    'ghcr.io/acme/sub/lab:2',
    'jupyter/base-notebook:latest',
    'localhost:5000/lab',
  ])('accepts %s', image => {
    expect(checkCustomImage(image, environment)).toBeUndefined();
  });

  it.each([
    ['registry.example.com/lab; rm -rf /', 'spaces or shell characters'],
    ['registry.example.com/lab$(id)', 'spaces or shell characters'],
    ['registry.example.com/lab`id`', 'spaces or shell characters'],
    ['registry.example.com/lab\n', 'spaces or shell characters'],
    ['Registry.example.com/Lab', 'is not an image reference'],
    ['', '1 to 512 characters'],
    [`registry.example.com/lab:${'a'.repeat(600)}`, '1 to 512 characters'],
    [
      'ghcr.io/acmeevil/lab',
      'allows images from registry.example.com, ghcr.io/acme',
    ],
    ['ubuntu', 'is from docker.io/library/ubuntu'],
    ['evil.example.com/registry.example.com/lab', 'allows images from'],
    ['localhost:5001/lab', 'allows images from'],
  ])('refuses %j, saying %s', (image, message) => {
    const problem = checkCustomImage(image, environment);
    expect(problem?.field).toBe('image');
    expect(problem?.message).toContain(message);
  });

  it('refuses any image for an environment without customImage', () => {
    expect(
      checkCustomImage('registry.example.com/lab', {
        ...environment,
        customImage: undefined,
      }),
    ).toEqual({
      field: 'image',
      message: 'environment custom-lab does not allow a custom image',
    });
  });
});
