import type { WorkspaceEnvironment } from './buildingBlocks';
import type { WorkspaceSpecProblem } from './checkWorkspaceSpec';

/*
 * Container image references as the distribution reference grammar
 * (github.com/distribution/reference) defines them:
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component [ "/" path-component ]*
 * and which registry a reference pulls from.
 */

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domain = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[_.]|__|[-]+)[a-z0-9]+)*';
const tag = '[\\w][\\w.-]{0,127}';
const digest =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const referencePattern = new RegExp(
  `^(?:(${domain})/)?(${pathComponent}(?:/${pathComponent})*)(?::(${tag}))?(?:@(${digest}))?$`,
);

const pathOnly = new RegExp(`^${pathComponent}$`);

/** The longest image reference accepted; a name alone may have 255 characters. */
export const MAX_IMAGE_REFERENCE_LENGTH = 512;

/** Docker Hub, the registry of a reference that names none. */
const DOCKER_HUB = 'docker.io';

/**
 * An image reference taken apart, with the registry made explicit as
 * container runtimes read it (`jupyter/base` is `docker.io/jupyter/base`,
 * `ubuntu` is `docker.io/library/ubuntu`); undefined when it is not a
 * reference.
 * @public
 */
export function parseImageReference(
  reference: string,
):
  | { registry: string; repository: string; tag?: string; digest?: string }
  | undefined {
  const match = referencePattern.exec(reference);
  if (!match) {
    return undefined;
  }
  const [, first, rest, tagPart, digestPart] = match;
  // the first component is a registry only if it looks like a host
  const isHost =
    first !== undefined &&
    (/[.:]/.test(first) || first === 'localhost' || first.startsWith('['));
  if (first !== undefined && !isHost && !pathOnly.test(first)) {
    return undefined;
  }
  const path = first !== undefined && !isHost ? `${first}/${rest}` : rest;
  const registry = isHost ? first.toLowerCase() : DOCKER_HUB;
  if (`${registry}/${path}`.length > 255) {
    return undefined;
  }
  return {
    registry,
    repository: !isHost && !path.includes('/') ? `library/${path}` : path,
    ...(tagPart && { tag: tagPart }),
    ...(digestPart && { digest: digestPart }),
  };
}

/**
 * Whether a parsed reference comes from an allowed registry: an entry is a
 * registry (`registry.example.com`, `localhost:5000`, `docker.io`) or a
 * registry with a path (`ghcr.io/acme`), which allows that path and below.
 */
function isAllowed(
  reference: { registry: string; repository: string },
  allowedRegistries: string[],
): boolean {
  const full = `${reference.registry}/${reference.repository}`;
  return allowedRegistries.some(entry => {
    const allowed = entry.replace(/\/+$/, '');
    const [host, ...rest] = allowed.split('/');
    const prefix = [host.toLowerCase(), ...rest].join('/');
    return full === prefix || full.startsWith(`${prefix}/`);
  });
}

/**
 * Checks the image a user asks for in place of an environment's: only where
 * the environment has `customImage`, a proper reference of bounded length,
 * without spaces or shell characters, from one of its allowed registries.
 * The problem names the field `image`.
 * @public
 */
export function checkCustomImage(
  image: string,
  environment: WorkspaceEnvironment,
): WorkspaceSpecProblem | undefined {
  const problem = (message: string) => ({ field: 'image', message });
  const allowed = environment.customImage?.allowedRegistries;
  if (!allowed) {
    return problem(
      `environment ${environment.id} does not allow a custom image`,
    );
  }
  if (image.length === 0 || image.length > MAX_IMAGE_REFERENCE_LENGTH) {
    return problem(
      `an image reference has 1 to ${MAX_IMAGE_REFERENCE_LENGTH} characters`,
    );
  }
  if (/[\s;&|$`'"\\<>(){}*?!#~%^,]/.test(image)) {
    return problem(`'${image}' must not contain spaces or shell characters`);
  }
  const reference = parseImageReference(image);
  if (!reference) {
    return problem(
      `'${image}' is not an image reference (e.g. registry.example.com/team/image:1.0)`,
    );
  }
  if (!isAllowed(reference, allowed)) {
    return problem(
      `'${image}' is from ${reference.registry}/${
        reference.repository
      }; environment ${environment.id} allows images from ${allowed.join(
        ', ',
      )}`,
    );
  }
  return undefined;
}
