/**
 * A duration as users read it in stop reasons: minutes under three hours
 * ("60 min", "90 min"), hours from there ("8 h", "12 h 30 min").
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 180) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
