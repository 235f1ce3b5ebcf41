import { GroupRunner } from './group-runner';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupRunner', () => {
  it('runs a lone call at once and groups the calls that arrive while it runs', async () => {
    const groups: number[][] = [];
    const gate = deferred<void>();
    const runner = new GroupRunner<number, number>(
      async (_lane, items) => {
        groups.push(items);
        if (groups.length === 1) await gate.promise;
        return items.map((i) => i * 10);
      },
      { maxGroup: 3, concurrencyPerLane: 1 },
    );
    const answers = [1, 2, 3, 4, 5, 6].map((i) => runner.submit('wo-1', i));
    gate.resolve();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(groups).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('keeps lanes apart and runs them side by side', async () => {
    const groups: string[] = [];
    const runner = new GroupRunner<string, string>(
      (lane, items) => {
        groups.push(`${lane}:${items.join(',')}`);
        return Promise.resolve(items);
      },
      { maxGroup: 10, concurrencyPerLane: 1 },
    );
    await Promise.all([runner.submit('a', 'x'), runner.submit('b', 'y'), runner.submit('a', 'z')]);
    expect(groups).toEqual(['a:x', 'b:y', 'a:z']);
  });

  it('fails every call of a group whose run throws, and goes on with the next group', async () => {
    let runs = 0;
    const runner = new GroupRunner<number, number>(
      (_lane, items) => {
        runs++;
        return runs === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve(items);
      },
      { maxGroup: 10, concurrencyPerLane: 1 },
    );
    const first = runner.submit('l', 1);
    const second = runner.submit('l', 2);
    await expect(first).rejects.toThrow('database gone');
    await expect(second).resolves.toBe(2);
  });
});
