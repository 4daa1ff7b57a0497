/** Every migration the code knows, in order. A new migration is a new numbered file added here. */
import type { Migration } from './types.js';
import { migration as m001 } from './001-initial.js';
import { migration as m002 } from './002-drift.js';
import { migration as m003 } from './003-run-flags.js';

export type { Migration } from './types.js';

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003];
