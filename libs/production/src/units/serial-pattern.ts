import { InvalidInputError } from '@lt/core';

export const DEFAULT_SERIAL_PATTERN = '{PLANT}{LINE}{YY}{MM}{DD}{SEQ:5}';

const TOKEN = /\{(PLANT|LINE|YYYY|YY|MM|DD|DOY|SEQ:(\d+))\}/g;
const LITERAL = /^[A-Z0-9-]*$/;

export interface SerialParts {
  plantCode: string;
  lineCode: string;
  /** The plant-local calendar day the unit was assembled on. */
  year: number;
  month: number;
  day: number;
}

/**
 * A plant's serial number pattern, e.g. `{PLANT}{LINE}{YY}{MM}{DD}{SEQ:5}`. The sequence
 * counts per line per plant-local day, so a pattern must name the plant, the line and the
 * whole day; otherwise two days or two lines could issue the same serial.
 */
export class SerialPattern {
  private constructor(
    readonly pattern: string,
    readonly sequenceWidth: number,
  ) {}

  static parse(pattern: string, field = 'pattern'): SerialPattern {
    const fail = (message: string) => {
      throw InvalidInputError.field(field, message);
    };
    const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1]);
    const literals = pattern.replace(TOKEN, '');
    if (/[{}]/.test(literals))
      fail('has an unknown token; use {PLANT} {LINE} {YYYY} {YY} {MM} {DD} {DOY} {SEQ:n}');
    if (!LITERAL.test(literals))
      fail('may only hold upper-case letters, digits and - between tokens');
    const sequences = tokens.filter((t) => t.startsWith('SEQ:'));
    if (sequences.length !== 1) fail('must hold exactly one {SEQ:n}');
    const width = Number(sequences[0].slice(4));
    if (width < 3 || width > 9) fail('{SEQ:n} width must be from 3 to 9');
    const has = (t: string) => tokens.includes(t);
    if (!has('PLANT') || !has('LINE'))
      fail('must hold {PLANT} and {LINE}: the sequence counts per line');
    if (!has('YY') && !has('YYYY'))
      fail('must hold the year ({YY} or {YYYY}): otherwise serials repeat next year');
    if (!has('DOY') && !(has('MM') && has('DD'))) {
      fail('must hold the day ({MM} and {DD}, or {DOY}): the sequence starts again every day');
    }
    return new SerialPattern(pattern, width);
  }

  /** The serial split around its sequence, so SQL can fill the number in: prefix + lpad(seq) + suffix. */
  renderAround(parts: SerialParts): { prefix: string; suffix: string; width: number } {
    const dayOfYear =
      Math.round(
        (Date.UTC(parts.year, parts.month - 1, parts.day) - Date.UTC(parts.year, 0, 1)) /
          86_400_000,
      ) + 1;
    const values: Record<string, string> = {
      PLANT: parts.plantCode,
      LINE: parts.lineCode,
      YYYY: String(parts.year),
      YY: String(parts.year % 100).padStart(2, '0'),
      MM: String(parts.month).padStart(2, '0'),
      DD: String(parts.day).padStart(2, '0'),
      DOY: String(dayOfYear).padStart(3, '0'),
    };
    const [before, after] = this.pattern.split(/\{SEQ:\d+\}/);
    const fill = (s: string) => s.replace(TOKEN, (_, name: string) => values[name]);
    return { prefix: fill(before), suffix: fill(after), width: this.sequenceWidth };
  }

  render(parts: SerialParts, sequence: number): string {
    const { prefix, suffix, width } = this.renderAround(parts);
    return prefix + String(sequence).padStart(width, '0') + suffix;
  }

  get maxSequence(): number {
    return 10 ** this.sequenceWidth - 1;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone. */
export function localDay(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; iso: string } {
  // Building a DateTimeFormat costs far more than using one: keep one per zone.
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  return {
    year,
    month,
    day,
    iso: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}
