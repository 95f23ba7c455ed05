import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../pipelines/cli/config.ts";

describe("CHISO_RUN_DEADLINE and CHISO_REQUEST_DEADLINE: a refresh's bounds, in seconds", () => {
  it("reads them as milliseconds, and leaves the defaults when unset", () => {
    expect(loadConfig({}, { CHISO_RUN_DEADLINE: "90", CHISO_REQUEST_DEADLINE: "2.5" })).toMatchObject({ runDeadlineMs: 90_000, requestDeadlineMs: 2_500 });
    const none = loadConfig({}, {});
    expect([none.runDeadlineMs, none.requestDeadlineMs]).toEqual([undefined, undefined]);
  });

  it.each(["0", "-5", "soon", "Infinity"])("refuses %j, naming the variable", (value) => {
    expect(() => loadConfig({}, { CHISO_RUN_DEADLINE: value })).toThrow(ConfigError);
    expect(() => loadConfig({}, { CHISO_REQUEST_DEADLINE: value })).toThrow(/^CHISO_REQUEST_DEADLINE=/);
  });
});
