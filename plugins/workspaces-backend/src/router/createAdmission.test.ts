import { createAdmission } from './createAdmission';

/** A task that runs until released, recording how many run at once. */
function gate(counter: { now: number; most: number }) {
  let release = () => {};
  const released = new Promise<void>(r => (release = r));
  const started = jest.fn();
  const task = async () => {
    started();
    counter.now += 1;
    counter.most = Math.max(counter.most, counter.now);
    await released;
    counter.now -= 1;
    return 'done';
  };
  return { task, release, started };
}

const settle = () => new Promise(r => setImmediate(r));

describe('createAdmission', () => {
  it('runs at most the limit at once, the others in their order of arrival', async () => {
    const admit = createAdmission(2);
    const counter = { now: 0, most: 0 };
    const gates = Array.from({ length: 5 }, () => gate(counter));
    const results = gates.map(g => admit(g.task));
    await settle();
    expect(gates.map(g => g.started.mock.calls.length)).toEqual([
      1, 1, 0, 0, 0,
    ]);
    gates[1].release();
    await settle();
    expect(gates.map(g => g.started.mock.calls.length)).toEqual([
      1, 1, 1, 0, 0,
    ]);
    gates.forEach(g => g.release());
    await expect(Promise.all(results)).resolves.toEqual(Array(5).fill('done'));
    expect(counter.most).toBe(2);
  });

  it("gives a task's failure to its caller and frees its turn", async () => {
    const admit = createAdmission(1);
    const failing = admit(async () => {
      throw new Error('refused');
    });
    const next = admit(async () => 'next ran');
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next ran');
  });
});
