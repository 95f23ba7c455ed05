import { describe, expect, it } from "vitest";
import { Domain, Unit } from "../../schemas/common.ts";
import { COMPARATORS, FLAGS, qualifierOf, siteLabelsModule } from "../../schemas/labels.ts";
import { Flag } from "../../schemas/observation.ts";
import { ProgressStatus } from "../../schemas/published.ts";
import { Comparator } from "../../schemas/target.ts";

describe("labels: one vocabulary for the CLI, the downloads and the site", () => {
  it("site/components/labels.js is the module generated from schemas/labels.ts", async () => {
    // A mismatch means labels.ts changed: `-u` rewrites the site's copy.
    await expect(siteLabelsModule()).toMatchFileSnapshot("../../site/components/labels.js");
  });

  it("the enums are the labels' keys, in their order", () => {
    expect(Flag.options).toEqual(Object.keys(FLAGS));
    expect(Unit.options).toContain("per-100-people");
    expect(Domain.options).toContain("context");
    expect(ProgressStatus.options[0]).toBe("achieved");
    expect(Object.keys(COMPARATORS).sort()).toEqual([...Comparator.options].sort());
  });

  it("a lower bound outranks an estimate, and a figure without either reads plain", () => {
    expect(qualifierOf(["approximate", "lower-bound"])).toMatchObject({ sign: ">", en: "over", vi: "trên" });
    expect(qualifierOf(["approximate", "proxy"])?.sign).toBe("≈");
    expect(qualifierOf(["proxy", "derived"])).toBeUndefined();
  });
});
