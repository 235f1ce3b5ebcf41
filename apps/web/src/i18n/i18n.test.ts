import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ur } from './ur';

function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else if (typeof node === 'string') out.set(prefix, node);
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Every screen must be complete in Urdu. */
const SECTIONS = Object.keys(en);

describe('translations', () => {
  const english = leaves(en);
  const urdu = leaves(ur);

  it.each(SECTIONS)('Urdu has every %s string of English', (section) => {
    const missing = [...english.keys()].filter(
      (key) => key.startsWith(`${section}.`) && !urdu.has(key),
    );
    expect(missing).toEqual([]);
  });

  it('Urdu has no key English lacks, and keeps every placeholder', () => {
    expect([...urdu.keys()].filter((key) => !english.has(key))).toEqual([]);
    const wrong = [...urdu.entries()].filter(
      ([key, text]) => placeholders(text).join() !== placeholders(english.get(key)!).join(),
    );
    expect(wrong.map(([key]) => key)).toEqual([]);
  });

  it('Urdu strings are Urdu, not copied English (codes and abbreviations aside)', () => {
    const copied = [...urdu.entries()].filter(
      ([key, text]) => text === english.get(key) && /[a-z]{4,}/.test(text),
    );
    expect(copied.map(([key]) => key)).toEqual([]);
  });
});
