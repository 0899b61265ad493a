/**
 * Sends a command to kube-local's control endpoint, e.g.
 * `apiserver/stop`. The endpoint answers only when the command has taken
 * effect, so a resolved promise means the component is down (or up) already.
 */
export async function postKubeLocalControl(
  controlUrl: string,
  command: string,
): Promise<void> {
  const url = `${controlUrl}/${command}`;
  const response = await fetch(url, { method: 'POST' });
  if (!response.ok) {
    throw new Error(
      `kube-local: POST ${url} failed with ${response.status}: ${(
        await response.text()
      ).trim()}`,
    );
  }
}
