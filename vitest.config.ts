import { configDefaults, defineConfig } from "vitest/config";

/**
 * Two projects, run together by `npm test` and apart by `npm run test:unit` / `npm run test:e2e`.
 *
 * - unit: in-process tests: schemas, parsers on recorded bodies, the warehouse, judging, publishing
 *   with a stand-in site build, each source's contract against a 127.0.0.1 server.
 * - e2e: tests that start the CLI as a child process (`node bin/chiso.js`, compiling the TypeScript
 *   through tsx each time) or run Observable Framework: tests/e2e/ (`chiso start` builds the whole
 *   site), tests/sources/*-cli.test.ts and cli-override.test.ts (a refresh and `chiso sources`
 *   against a local server), tests/pipelines/publish/publish-failure.test.ts (a real Framework
 *   build that fails).
 *
 * A new test that spawns the CLI or the Framework belongs in E2E.
 */
const E2E = ["tests/e2e/**/*.test.ts", "tests/sources/*-cli.test.ts", "tests/sources/cli-override.test.ts", "tests/pipelines/publish/publish-failure.test.ts"];

export default defineConfig({
  test: {
    // The end-to-end tests build the whole site; the machine has two cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: [...configDefaults.exclude, ...E2E] } },
      { extends: true, test: { name: "e2e", include: E2E } },
    ],
  },
});
