import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL from the schema; src/migrate.ts applies it (both engines).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
});
