import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../files.ts";

/**
 * A publish held for review: `chiso schedule --review` stages the figures instead of publishing
 * them; `chiso publish --approve` publishes exactly those. The figures are named by the same
 * fingerprint a release is (the latest values and the targets' standing), so an approval cannot
 * publish figures that arrived after the review.
 */
export interface StagedReview {
  fingerprint: string;
  stagedAt: string;
  /** The release the staged figures were compared with. */
  against: string | null;
  added: number;
  revised: number;
  removed: number;
  targetsMoved: number;
}

export const reviewFile = (dataDir: string) => join(dataDir, "review.json");

export function stageReview(dataDir: string, review: StagedReview): void {
  writeAtomic(reviewFile(dataDir), JSON.stringify(review, null, 1));
}

export function readReview(dataDir: string): StagedReview | null {
  const path = reviewFile(dataDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as StagedReview) : null;
}

export function clearReview(dataDir: string): void {
  rmSync(reviewFile(dataDir), { force: true });
}

/** Refuses an approval of figures other than the ones reviewed, saying what to do instead. */
export class ReviewMismatch extends Error {
  override name = "ReviewMismatch";
}

export function checkApproval(staged: StagedReview | null, fingerprint: string): void {
  if (!staged)
    throw new ReviewMismatch(
      "nothing is staged for review: 'chiso schedule --review' stages figures; 'chiso publish' without --approve publishes as they stand",
    );
  if (staged.fingerprint !== fingerprint)
    throw new ReviewMismatch(
      `the figures changed since they were staged for review at ${staged.stagedAt}: read 'chiso diff' again; the next refresh under 'chiso schedule --review' stages them anew, or 'chiso publish' without --approve publishes them as they stand`,
    );
}
