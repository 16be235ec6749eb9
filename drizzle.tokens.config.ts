import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/core/db/token-schema/index.ts',
  out: './drizzle/tokens',
});
