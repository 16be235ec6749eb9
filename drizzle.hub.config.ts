// The team hub's own migrations (PostgreSQL / PGlite), separate from the wallet's SQLite ones.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/hub/db/schema/index.ts',
  out: './drizzle-hub',
});
