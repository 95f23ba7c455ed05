import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The end-to-end test builds the whole site; the machine has two cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
