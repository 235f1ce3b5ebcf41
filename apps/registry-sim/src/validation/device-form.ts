import { addError, fieldText, FieldErrors, textRuleError } from './text-rules';

export const DEVICE_TYPES = [
  'Smartphone',
  'Tablet',
  'Feature phone',
  'Computer',
  'Dongle',
  'Router',
  'Vehicle',
  'Other',
];
const TECHNOLOGIES = ['2G', '3G', '4G', '5G'];

export interface DeviceInput {
  brand: string;
  modelName: string;
  modelNum: string;
  operatingSystem: string;
  deviceType: string;
  technologies: string[];
}

const TEXT_FIELDS: [field: string, label: string, missing: string][] = [
  ['brand', 'brand', 'Brand is required'],
  ['model_name', 'model name', 'Model name is required'],
  ['model_num', 'model number', 'Model number is required'],
  ['operating_system', 'operating system', 'Operating system is required'],
];

/** The field part of DeviceDetailsSchema (1.2); all field errors in one body. */
export function deviceFieldErrors(body: Record<string, unknown>): FieldErrors | undefined {
  const errors: FieldErrors = {};
  for (const [field, label, missing] of TEXT_FIELDS) {
    const value = fieldText(body, field);
    if (value === undefined) addError(errors, field, missing);
    else {
      const problem = textRuleError(label, value);
      if (problem) addError(errors, field, problem);
    }
  }
  if (fieldText(body, 'device_type') === undefined)
    addError(errors, 'device_type', 'Device type is required');
  if (fieldText(body, 'user_id') === undefined) addError(errors, 'user_id', 'user_id is required');
  const technologies = fieldText(body, 'technologies');
  if (technologies === undefined)
    addError(errors, 'technologies', 'Missing data for required field.');
  else if (!technologies.split(',').every((t) => TECHNOLOGIES.includes(t))) {
    addError(errors, 'technologies', 'Radio Access Technology can be 2G,3G,4G,5G only');
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

export function readDevice(body: Record<string, unknown>): DeviceInput {
  return {
    brand: fieldText(body, 'brand')!,
    modelName: fieldText(body, 'model_name')!,
    modelNum: fieldText(body, 'model_num')!,
    operatingSystem: fieldText(body, 'operating_system')!,
    deviceType: fieldText(body, 'device_type')!,
    technologies: fieldText(body, 'technologies')!.split(','),
  };
}
