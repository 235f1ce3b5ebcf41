import { ShortLivedCache } from './short-lived-cache';

describe('ShortLivedCache', () => {
  it('loads once while fresh, again after it expires, and never keeps a failure', async () => {
    let loads = 0;
    const cache = new ShortLivedCache<number>(20);
    const load = () => Promise.resolve(++loads);
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.get('a', load)).toBe(2);
    await expect(cache.get('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('b', load)).toBe(3);
  });
});
