/**
 * Applies pending migrations to DATABASE_URL (the server also does this on
 * start; this is for deployments that migrate as a separate step).
 *
 *   DATABASE_URL=postgres://… npm run migrate
 */
import { migrate } from '../db/migrate.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('migrate: DATABASE_URL is not set (the embedded database migrates itself on npm start)');
  process.exit(1);
}
migrate(databaseUrl, { embedded: false, log: (line) => console.log(`migrate: ${line}`) }).then(
  () => console.log('migrate: up to date'),
  (error: unknown) => {
    console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
