// Preloaded (node --require) into @backstage/create-app by scripts/check-packages:
// create-app fetches a yarn.lock seed from raw.githubusercontent.com, which
// our network rule forbids (loopback and the package registries only). It
// carries on without the seed when the fetch fails, so the fetch fails here
// at once, before any connection is tried; the loopback guard around
// create-app checks that nothing else leaves.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(
    typeof input === 'string' ? input : input.url ?? String(input),
  );
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(
      `check-packages: ${url.origin} is outside loopback, not fetched`,
    );
  }
  return realFetch(input, init);
};
