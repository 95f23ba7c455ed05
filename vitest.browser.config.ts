import { defineConfig } from "vitest/config";

// Browser tests need Debian's Chromium (/usr/bin/chromium); `npm test` stays runnable without it.
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.browser.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
