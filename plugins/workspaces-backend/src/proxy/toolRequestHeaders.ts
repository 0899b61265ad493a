import { IncomingMessage } from 'http';

/** The cookie of a tool session: scoped to the tool's path (path mode) or host. */
export const TOOL_SESSION_COOKIE = 'workspaces-tool-session';

/**
 * The session cookie's name at a tool host: over HTTPS with the `__Host-`
 * prefix, which browsers accept only Secure, for the whole host and for
 * that host alone (no Domain), so no other host can set or shadow it.
 */
export function toolSessionCookieName(secure: boolean): string {
  return secure ? `__Host-${TOOL_SESSION_COOKIE}` : TOOL_SESSION_COOKIE;
}

/** The cookies of a request, by name (the first of a name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) {
      let value = part.slice(index + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch {
        // keep the raw value
      }
      cookies.set(name, value);
    }
  }
  return cookies;
}

function isBackstageCookie(name: string): boolean {
  return (
    name === TOOL_SESSION_COOKIE ||
    name === toolSessionCookieName(true) ||
    /^backstage[-_]/i.test(name)
  );
}

/**
 * Removes what must never reach a workspace tool: the Authorization header
 * and the session cookie and Backstage's cookies. The tool's own cookies
 * (e.g. JupyterLab's _xsrf) stay.
 */
export function stripBackstageCredentials(request: IncomingMessage): void {
  delete request.headers.authorization;
  delete request.headers['proxy-authorization'];
  const header = request.headers.cookie;
  if (header === undefined) {
    return;
  }
  const kept = header
    .split(';')
    .map(part => part.trim())
    .filter(part => {
      const name = part.split('=')[0].trim();
      return part.length > 0 && !isBackstageCookie(name);
    });
  if (kept.length > 0) {
    request.headers.cookie = kept.join('; ');
  } else {
    delete request.headers.cookie;
  }
}

/** The Set-Cookie value of a tool session cookie; an empty secret clears it. */
export function toolSessionCookie(options: {
  name?: string;
  secret: string;
  path: string;
  maxAgeSeconds: number;
  secure: boolean;
}): string {
  return [
    `${options.name ?? TOOL_SESSION_COOKIE}=${options.secret}`,
    `Path=${options.path}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
