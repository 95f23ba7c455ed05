import { defineConfig } from "vitest/config";

// `npm run test:faults`: the CLI against a misbehaving upstream on 127.0.0.1, and killed with
// SIGKILL at random moments of refresh, ingest and publish (tests/faults/). One file at a time:
// the machine has two cores and the publishes run Observable Framework.
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.faults.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
