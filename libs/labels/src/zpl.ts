/** ZPL field data may not hold the control characters ^ and ~. */
export function zplText(value: string): string {
  return value.replace(/[\^~]/g, ' ');
}
