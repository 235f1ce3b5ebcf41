import { addError, fieldText, FieldErrors, parseInteger, textRuleError } from './text-rules';
import { FormResult } from './registration-form';

export interface DeregistrationInput {
  userId: string;
  userName: string;
  deviceCount: number;
  reason: string;
}

/** DeRegDetailsSchema (1.6): all form errors in one body. */
export function validateDeregistrationForm(
  body: Record<string, unknown>,
  fileName: string | undefined,
): FormResult<DeregistrationInput> {
  const errors: FieldErrors = {};
  if (fileName === undefined) addError(errors, 'file', 'file is a required field');
  else {
    if (!fileName.endsWith('.txt')) addError(errors, 'file', 'Only txt files are allowed');
    if (fileName.length > 100)
      addError(errors, 'file', 'File name length should be under 100 characters');
  }
  const reason = fieldText(body, 'reason');
  if (reason === undefined) addError(errors, 'reason', 'reason is a required field');
  else if (reason.trim().length === 0) addError(errors, 'reason', 'Invalid reason');
  const rawCount = fieldText(body, 'device_count');
  let deviceCount: number | undefined;
  if (rawCount === undefined) addError(errors, 'device_count', 'device count is a required field');
  else {
    deviceCount = parseInteger(rawCount);
    if (deviceCount === undefined) addError(errors, 'device_count', 'Not a valid integer.');
    else if (deviceCount <= 0)
      addError(errors, 'device_count', 'Device count must be a positive number');
  }
  const userId = fieldText(body, 'user_id');
  if (userId === undefined) addError(errors, 'user_id', 'User Id is required');
  else {
    const problem = textRuleError('user id', userId);
    if (problem) addError(errors, 'user_id', problem);
  }
  const userName = fieldText(body, 'user_name');
  if (userName === undefined) addError(errors, 'user_name', 'User Name is required');
  else {
    const problem = textRuleError('user name', userName);
    if (problem) addError(errors, 'user_name', problem);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { userId: userId!, userName: userName!, deviceCount: deviceCount!, reason: reason! },
  };
}
