import { Foundation1764000000000 } from './1764000000000-foundation';
import { Units1764000001000 } from './1764000001000-units';
import { Quality1764000002000 } from './1764000002000-quality';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [Foundation1764000000000, Units1764000001000, Quality1764000002000];
