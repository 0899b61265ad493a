/**
 * A duration as people read it, the same in the portal and in the backend's
 * messages: seconds under a minute ("42 s"), minutes under three hours ("60
 * min", "125 min"), hours from there ("8 h", "12 h 30 min").
 * @public
 */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.round(ms / 60_000);
  if (minutes < 180) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
