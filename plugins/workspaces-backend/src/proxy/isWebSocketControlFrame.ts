/**
 * Whether a chunk a browser sent on a WebSocket is one control frame (ping,
 * pong or close), not a message. Browsers answer a server's pings by
 * themselves: a tab left open would otherwise count as use of the workspace
 * forever. Client frames are masked, so a control frame is 6 bytes of header
 * and at most 125 of payload; a chunk that holds more is a message too.
 */
export function isWebSocketControlFrame(chunk: Buffer): boolean {
  if (chunk.length < 2) return false;
  const opcode = chunk[0] & 0x0f;
  const length = chunk[1] & 0x7f;
  const masked = (chunk[1] & 0x80) !== 0;
  return (
    opcode >= 0x8 &&
    length <= 125 &&
    chunk.length === 2 + (masked ? 4 : 0) + length
  );
}
