import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ingestSubmissions, type SubmittedFile } from "../ingest/submit.ts";
import { SOURCES } from "../../sources/index.ts";
import { catalogOrFail, progress, syncCatalog, withWarehouse } from "./commands.ts";
import { type Config, configuredSources } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";
import { departmentContext } from "./template.ts";
import { describeProblem, type Lang } from "./validate.ts";

export interface IngestCommand {
  files: string[];
  by?: string;
  note?: string;
  lang?: string;
  now?: Date;
  print?: (line: string) => void;
}

/**
 * `chiso ingest FILE… --by UNIT`: validates the files as `chiso validate` does, then loads them all
 * in one transaction, or nothing. A copy of each accepted file is kept under
 * <data-dir>/submissions/ (the bytes themselves, by sha256, under raw/): never in the repository.
 */
export async function ingest(config: Config, cmd: IngestCommand): Promise<number> {
  if (!cmd.files.length) throw new CliError("ingest needs at least one FILE; run 'chiso ingest --help'", EXIT.usage);
  if (!cmd.by?.trim()) throw new CliError('ingest needs --by UNIT: the department that sent the files (e.g. --by "Sở Y tế")', EXIT.usage);
  const lang = (cmd.lang ?? "both") as Lang;
  if (!["vi", "en", "both"].includes(lang)) throw new CliError(`--lang must be vi or en, not "${cmd.lang}"`, EXIT.usage);
  const print = cmd.print ?? ((line: string) => console.log(line));
  const files: SubmittedFile[] = cmd.files.map((path) => {
    if (!existsSync(path)) throw new CliError(`${path}: no such file | không tìm thấy tệp`);
    return { path, bytes: readFileSync(path) };
  });
  const catalog = catalogOrFail();
  const now = cmd.now ?? new Date();
  return withWarehouse(config, async (warehouse) => {
    await syncCatalog(warehouse, catalog, configuredSources(SOURCES, config));
    const result = await ingestSubmissions(files, {
      warehouse,
      catalog,
      dataDir: config.dataDir,
      context: departmentContext(catalog, now),
      by: cmd.by!.trim(),
      note: cmd.note,
      now,
    });
    const problems = result.checked.flatMap((c) => c.problems);
    if (!result.run) {
      for (const p of problems) print(describeProblem(p, lang));
      print(`chiso: ${problems.length} lỗi, không nạp số liệu nào | ${problems.length} problem(s): nothing was loaded`);
      return EXIT.failed;
    }
    const kept = join(config.dataDir, "submissions", now.toISOString().slice(0, 10));
    mkdirSync(kept, { recursive: true });
    for (const f of files) copyFileSync(f.path, join(kept, basename(f.path)));
    progress(`ingest: ${result.run.message}; files kept in ${kept}`);
    return EXIT.ok;
  });
}
