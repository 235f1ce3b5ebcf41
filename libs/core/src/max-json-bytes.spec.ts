import { validateSync } from 'class-validator';
import { MaxJsonBytes } from './max-json-bytes';

class Sample {
  @MaxJsonBytes(20)
  data?: Record<string, unknown>;
}

const errorsOf = (data: unknown) =>
  validateSync(Object.assign(new Sample(), { data })).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

describe('MaxJsonBytes', () => {
  it('counts the bytes of the value written as JSON, multi-byte characters included', () => {
    expect(errorsOf({ a: 'x'.repeat(12) })).toEqual([]); // {"a":"xxxxxxxxxxxx"} = 20 bytes
    expect(errorsOf({ a: 'x'.repeat(13) })).toEqual(['data must take at most 20 bytes as JSON']);
    expect(errorsOf({ a: 'ٹ'.repeat(7) })).toHaveLength(1); // 7 characters, 14 bytes: 22 in all
  });

  it('leaves a missing value to @IsOptional', () => {
    expect(errorsOf(undefined)).toEqual([]);
  });
});
