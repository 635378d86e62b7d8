import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Docs examples and tests may import the package by its public name.
    alias: [
      {
        find: /^mesh-policy\/(models|legacy|targetref|passthrough|rbac|identity|inspect|testing)$/,
        replacement: src('$1/index.ts'),
      },
      { find: /^mesh-policy$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
