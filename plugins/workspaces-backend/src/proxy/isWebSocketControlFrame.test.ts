import { isWebSocketControlFrame } from './isWebSocketControlFrame';

const frame = (opcode: number, payload: Buffer, masked = true) =>
  Buffer.concat([
    Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | payload.length]),
    masked ? Buffer.from([1, 2, 3, 4]) : Buffer.alloc(0),
    payload,
  ]);

describe('isWebSocketControlFrame', () => {
  it('knows a pong, a ping and a close from a browser', () => {
    expect(isWebSocketControlFrame(frame(0xa, Buffer.from('ping-data')))).toBe(
      true,
    );
    expect(isWebSocketControlFrame(frame(0x9, Buffer.alloc(0)))).toBe(true);
    expect(isWebSocketControlFrame(frame(0x8, Buffer.from([0x03, 0xe8])))).toBe(
      true,
    );
  });

  it('counts text and binary messages, and a pong that arrives with a message', () => {
    expect(
      isWebSocketControlFrame(frame(0x1, Buffer.from('{"execute":1}'))),
    ).toBe(false);
    expect(isWebSocketControlFrame(frame(0x2, Buffer.from([1, 2, 3])))).toBe(
      false,
    );
    const both = Buffer.concat([
      frame(0xa, Buffer.alloc(0)),
      frame(0x1, Buffer.from('typing')),
    ]);
    expect(isWebSocketControlFrame(both)).toBe(false);
    expect(isWebSocketControlFrame(Buffer.from([0x8a]))).toBe(false);
  });
});
