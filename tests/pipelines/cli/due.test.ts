import { describe, expect, it } from "vitest";
import { dueSources } from "../../../pipelines/cli/due.ts";
import { schedule } from "../../../pipelines/cli/schedule.ts";

const monthly = { id: "monthly", schedule: "0 3 1 * *" };
const weekly = { id: "weekly", schedule: "0 6 * * 1" };

describe("due runs", () => {
  const now = new Date("2026-12-02T06:00:00Z");

  it("a source is due when its last slot passed since its last success, or it never succeeded", () => {
    const last = new Map([
      ["monthly", new Date("2026-12-01T03:05:00Z")], // after the 1 December slot: not due
      ["weekly", new Date("2026-11-29T00:00:00Z")], // before Monday 30 November 06:00: due
    ]);
    expect(dueSources([monthly, weekly], last, now).map((s) => s.id)).toEqual(["weekly"]);
    expect(dueSources([monthly, weekly], new Map(), now).map((s) => s.id)).toEqual(["monthly", "weekly"]);
  });

  it("chiso schedule catches up on start: the due sources run once, before any slot", async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const scheduler = await schedule([monthly, weekly], {
      refresh: async (id) => {
        ran.push(id);
        return { ok: true, added: 0 };
      },
      publish: async () => {},
      due: async () => ["weekly"],
      log: (l) => void lines.push(l),
    });
    await scheduler.stop();
    expect(ran).toEqual(["weekly"]);
    expect(lines[0]).toBe("schedule: catching up on weekly (a slot passed since the last success)");
  });
});
