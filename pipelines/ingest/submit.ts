import { basename } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import { type CheckedSubmission, checkSubmission, type SubmissionContext } from "../../sources/submission/index.ts";
import { submissionSource, submittedRow } from "../../sources/submission/source.ts";
import { sha256 } from "../files.ts";
import type { RetrievalRecord, RunRecord, Warehouse } from "../warehouse/warehouse.ts";
import { normalise } from "./normalise.ts";
import { archiveBody } from "./raw-archive.ts";
import { LoadError, newRunId } from "./refresh.ts";

export interface SubmittedFile {
  path: string;
  bytes: Uint8Array;
}

export interface IngestOptions {
  warehouse: Warehouse;
  catalog: Catalog;
  dataDir: string;
  context: SubmissionContext;
  /** The submitting unit, e.g. "Sở Y tế". */
  by: string;
  note?: string;
  now?: Date;
}

export interface IngestResult {
  checked: CheckedSubmission[];
  /** Absent when a problem stopped the load: then nothing was written. */
  run?: RunRecord;
}

/**
 * Validates every file, then loads all of them in one transaction, or nothing: one bad row among
 * a hundred good loads nothing and the result names that row. Each file is archived by its sha256
 * beside the raw bodies, so every figure can be traced to the bytes a department sent. The same
 * file again adds nothing; a corrected figure adds the next vintage.
 */
export async function ingestSubmissions(files: SubmittedFile[], opts: IngestOptions): Promise<IngestResult> {
  const checked: CheckedSubmission[] = [];
  for (const f of files) checked.push(await checkSubmission(f.bytes, basename(f.path), opts.context));
  if (checked.some((c) => c.problems.length)) return { checked };

  const started = opts.now ?? new Date();
  const receivedAt = started.toISOString();
  const runId = newRunId(submissionSource.id, started);
  const retrievals: RetrievalRecord[] = [];
  // Each file's figures go to the staging table as they are normalised (staging.ts).
  const staging = await opts.warehouse.openStaging();
  for (const [i, f] of files.entries()) {
    const hash = sha256(f.bytes);
    const fileName = basename(f.path);
    const rows = checked[i]!.figures.map((figure) => submittedRow(figure, { unit: opts.by, fileName, receivedAt, note: opts.note }));
    try {
      const observations = normalise(rows, { sourceId: submissionSource.id, runId, retrievedAt: receivedAt, rawSha256: hash, origin: fileName }, opts.catalog);
      await staging.stage(observations, { batchAt: "", origin: fileName });
    } catch (error) {
      await staging.drop();
      throw error;
    }
    retrievals.push({
      runId,
      sourceId: submissionSource.id,
      url: `file:${fileName}`,
      method: "FILE",
      status: 200,
      rawSha256: hash,
      bytes: f.bytes.byteLength,
      headers: { "x-submitted-by": opts.by },
      retrievedAt: receivedAt,
    });
  }
  const run: RunRecord = {
    runId,
    sourceId: submissionSource.id,
    startedAt: receivedAt,
    finishedAt: "",
    status: "ok",
    offline: true,
    bodies: files.length,
    rowsRead: staging.rows,
    rowsAdded: 0,
    message: "",
  };
  // Archived before the load: the bytes are the evidence whatever the warehouse says.
  for (const [i, f] of files.entries()) archiveBody(opts.dataDir, retrievals[i]!.rawSha256!, f.bytes);
  try {
    await opts.warehouse.transaction(async () => {
      run.rowsAdded = await opts.warehouse.loadStaged(staging);
      await opts.warehouse.recordRetrievals(retrievals);
      run.message = `${run.rowsRead} figures from ${files.length} file(s) submitted by ${opts.by}, ${run.rowsAdded} new vintages`;
      run.finishedAt = new Date().toISOString();
      await opts.warehouse.recordRun(run);
    });
  } catch (error) {
    throw new LoadError(`load failed, nothing written: ${(error as Error).message}`, { cause: error });
  } finally {
    await staging.drop();
  }
  return { checked, run };
}
