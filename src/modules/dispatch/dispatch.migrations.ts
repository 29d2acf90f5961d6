import type { Migration } from 'kysely';

export const dispatchMigrations: Record<string, Migration> = {};
