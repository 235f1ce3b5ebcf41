import { ValidateBy, ValidationOptions } from 'class-validator';

/** The value, written as JSON, takes at most `max` bytes (UTF-8). */
export function MaxJsonBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxJsonBytes',
      constraints: [max],
      validator: {
        validate: (value: unknown) =>
          value === undefined || Buffer.byteLength(JSON.stringify(value) ?? '') <= max,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must take at most ${max} bytes as JSON`,
      },
    },
    options,
  );
}
