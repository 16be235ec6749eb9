import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/token-schema/index.ts',
  out: './drizzle/tokens',
});
