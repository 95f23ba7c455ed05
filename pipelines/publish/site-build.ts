import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The site's build: Observable Framework over the staged source, in as many processes as the
 * machine has cores, with a failure told so a person can act on it.
 */

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Below this many indicator pages per core a second Framework process costs more than it saves. */
const PAGES_PER_SHARD = 150;

/**
 * Framework builds on one core; the pages are independent of each other, so they are built in
 * shards, one Framework process per core, each from a root holding the shared files and its share
 * of the indicator pages; the outputs are merged (the shared assets are named by their hash, so
 * every shard writes the same bytes for them).
 */
export async function buildSite(
  root: string,
  output: string,
  log: (line: string) => void,
  cores = availableParallelism(),
  perShard = PAGES_PER_SHARD,
): Promise<void> {
  const pages = ["indicators", join("en", "indicators")].flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((f) => f.endsWith(".md"))
          .map((f) => join(dir, f))
      : [],
  );
  const shards = Math.max(1, Math.min(cores, Math.floor(pages.length / perShard)));
  if (shards === 1) return buildOnce(root, output, log);
  const roots = Array.from({ length: shards - 1 }, (_, k) => `${root}.shard-${k + 1}`);
  for (const [k, shardRoot] of roots.entries()) {
    rmSync(shardRoot, { recursive: true, force: true });
    // The shared files every page needs (stylesheet, scripts), without the other pages.
    cpSync(root, shardRoot, { recursive: true, filter: (p) => !p.endsWith(".md") && !resolve(p).includes(`${sep}.observablehq`) });
    for (const [i, page] of pages.entries())
      if (i % shards === k + 1) {
        mkdirSync(dirname(join(shardRoot, page)), { recursive: true });
        renameSync(join(root, page), join(shardRoot, page));
      }
  }
  log(`publish: building in ${shards} Framework processes, ${Math.ceil(pages.length / shards)} indicator pages each`);
  try {
    await Promise.all([buildOnce(root, output, log), ...roots.map((r, k) => buildOnce(r, `${output}.shard-${k + 1}`, log))]);
    for (const k of roots.keys()) cpSync(`${output}.shard-${k + 1}`, output, { recursive: true });
  } finally {
    for (const [k, r] of roots.entries()) {
      rmSync(r, { recursive: true, force: true });
      rmSync(`${output}.shard-${k + 1}`, { recursive: true, force: true });
    }
  }
}

function buildOnce(root: string, output: string, log: (line: string) => void): Promise<void> {
  const cli = join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  const args = [
    ...(process.env.CHISO_BUILD_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.CHISO_BUILD_PROF] : []),
    "--import",
    "tsx",
    cli,
    "build",
    "--config",
    join(PROJECT_ROOT, "observablehq.config.ts"),
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CHISO_SITE_ROOT: root, CHISO_SITE_OUT: output, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let transcript = "";
    const keep = (chunk: Buffer) => {
      transcript += chunk.toString();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) {
        const built = /(\d+) pages?/.exec(transcript);
        if (built) log(`publish: Framework built ${built[1]} pages`);
        resolvePromise();
      } else reject(new Error(buildFailureMessage(code, signal, transcript)));
    });
  });
}

// What the Framework prints after every failure, whatever it was: no help in finding the cause.
const BOILERPLATE = [
  /^Tip: To see the full stack trace/,
  /^If you think this is a bug/,
  /^↳ https:\/\/github\.com\/observablehq\/framework\/issues/,
  /^Warning: the cleanUrls option is deprecated/,
];

/**
 * A failed build, told so a person can act on it without CHISO_DEBUG: the cause on the first line
 * (a line that survives being shown as the cause of another error), then the build's last lines.
 */
export function buildFailureMessage(code: number | null, signal: NodeJS.Signals | null, transcript: string, keep = 8): string {
  const lines = transcript
    .replace(/\r/g, "\n")
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "" && !BOILERPLATE.some((b) => b.test(l.trim())));
  const how = code === null ? `was stopped by ${signal ?? "a signal"}` : `exited ${code}`;
  // The last line that starts as an error does ("Unexpected error: ...", "TypeError: ..."); else the last line.
  const errorLine = [...lines].reverse().find((l) => /^(unexpected error|\w*error):/i.test(l.trim())) ?? lines.at(-1);
  const cause = errorLine ? errorLine.trim().replace(/^(unexpected )?error:\s*/i, "") : "it printed nothing";
  const tail = lines.slice(-keep).map((l) => `    ${l}`);
  return [`site build failed (Observable Framework ${how}): ${cause}`, ...(tail.length ? ["  the build's last lines:", ...tail] : [])].join("\n");
}
