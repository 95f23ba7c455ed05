import { describe, expect, it } from "vitest";
import { changeCounts, changelogMarkdown, diffReleases, listedChanges } from "../../../pipelines/publish/releases.ts";
import type { ObservationRow } from "../../../schemas/published.ts";

const row = (i: number, value = i): ObservationRow =>
  ({
    indicator_id: "ward-indicator",
    geo: "VN-SG",
    period: String(1000 + i),
    source_id: "bench",
    series_code: "S",
    value,
    flags: [],
    status: "final",
  }) as unknown as ObservationRow;

describe("a release with very many changes", () => {
  it("lists the first of each kind by name and keeps every count", () => {
    const changes = listedChanges(
      diffReleases(
        [row(0), row(1, 5)],
        Array.from({ length: 2_500 }, (_, i) => row(i + 1, i === 0 ? 6 : i + 1)),
      ),
      1000,
    );
    expect(changes.added).toHaveLength(1000);
    expect(changes.revised).toHaveLength(1);
    expect(changeCounts(changes)).toEqual({ added: 2_499, revised: 1, removed: 1 });
    const text = changelogMarkdown([{ date: "2026-11-01", publishedAt: "", fingerprint: "", observations: 2_500, previous: "2026-10-01", changes }]);
    expect(text).toContain("2499 new, 1 revised, 1 withdrawn since 2026-10-01");
    expect(text).toContain("Only the first 1000 of each kind are listed");
  });

  it("leaves a release of few changes as it was", () => {
    const changes = diffReleases([row(0)], [row(0, 9)]);
    expect(listedChanges(changes)).toBe(changes);
    expect(changes.counts).toBeUndefined();
  });
});
