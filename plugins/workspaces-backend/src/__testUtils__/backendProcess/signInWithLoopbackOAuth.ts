/**
 * Signs a user in through the loopback OAuth provider as a browser would,
 * cookies and all (start, the provider's redirect to the handler, the
 * refresh), and returns their Backstage token.
 */
export async function signInWithLoopbackOAuth(
  baseUrl: string,
  user: string,
): Promise<string> {
  const auth = `${baseUrl}/api/auth/loopback`;
  const cookies = new Map<string, string>();
  const call = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: {
        ...headers,
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const start = await call(
    `${auth}/start?${new URLSearchParams({
      env: 'development',
      flow: 'redirect',
      redirectUrl: `${baseUrl}/api/workspaces/health`,
      login_hint: user,
    })}`,
  );
  const location = start.headers.get('location');
  if (!location) {
    throw new Error(
      `loopback start answered ${start.status}: ${await start.text()}`,
    );
  }
  await call(location);
  const refresh = await call(`${auth}/refresh?env=development`, {
    'x-requested-with': 'XMLHttpRequest',
  });
  if (refresh.status !== 200) {
    throw new Error(`loopback sign-in answered ${refresh.status}`);
  }
  return (await refresh.json()).backstageIdentity.token;
}
