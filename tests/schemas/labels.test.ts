import { describe, expect, it } from "vitest";
import { Domain, Unit } from "../../schemas/common.ts";
import { COMPARATORS, FLAGS, qualifierOf } from "../../schemas/labels.ts";
import { Flag } from "../../schemas/observation.ts";
import { ProgressStatus } from "../../schemas/published.ts";
import { Comparator } from "../../schemas/target.ts";

describe("labels: one vocabulary for the CLI, the downloads and the site", () => {
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
