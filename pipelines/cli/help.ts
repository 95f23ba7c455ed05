import { SOURCES } from "../../sources/index.ts";

// What `chiso --help` and `chiso <command> --help` print.
export const COMMON = `
Options for every command:
  --data-dir DIR   data folder holding warehouse.duckdb and raw/ (env CHISO_DATA_DIR, default ./data)
  -h, --help       show this help`;

export const HELP: Record<string, string> = {
  main: `chiso: Ho Chi Minh City's digital economy and society, measured against the city's own targets.

Usage: chiso <command> [options]

Commands:
  refresh    fetch every source, normalise, validate and load new vintages into the warehouse
  publish    export the data and build the static site into dist/
  diff       what the next publish would change against the last release
  status     each source's last run, each indicator's latest value and its targets' progress
  sources    every source: base URL, licence, schedule, last success and the series it feeds
  schedule   stay running: refresh each source on its own schedule, then publish
  start      refresh --offline, publish, then serve the site on localhost
  serve      serve an already built site
  template   write the spreadsheet a department fills in with its figures
  validate   check department submissions (xlsx, csv), listing every problem
  ingest     load checked department submissions into the warehouse, all or nothing
  check      validate the catalog and the transcribed figures, listing every problem
${COMMON}

Run 'chiso <command> --help' for a command's options.`,
  refresh: `Usage: chiso refresh [--source ID] [--offline] [--data-dir DIR] [--due] [--wait SECONDS]

Fetches, parses, validates and loads each source; a source that fails is reported and leaves
the warehouse as it was, while the others still load. Exits 1 if any source failed.

  --source ID   refresh one source (${SOURCES.map((s) => s.id).join(", ")})
  --offline     read the bundled recordings in sources/snapshots/ instead of the network
  --due         only the sources a slot of whose schedule has passed since their last success,
                then exit: for the system's cron or a systemd timer
  --wait SECS   when another refresh, ingest or publish holds the data folder, wait up to SECS
                for it (default: exit 3 at once, naming it)
${COMMON}

Environment: CHISO_<ID>_URL overrides a source's base URL, e.g. CHISO_WORLDBANK_URL.
CHISO_RUN_DEADLINE (seconds, default 600) bounds each source's run, after which it fails and the
next source runs; CHISO_REQUEST_DEADLINE (seconds, default 120) bounds each request, retries included.`,
  publish: `Usage: chiso publish [--approve] [--out DIR] [--wait SECONDS] [--data-dir DIR]

Writes the downloads and builds the site from the warehouse; the previous site stays in place
until the new one is complete. When no figure, target, catalog entry or site source changed
since the last publish, it says "unchanged" and leaves the site as it was (only data/status.json,
when each source last answered, is brought up to date).

  --approve     publish the figures 'chiso schedule --review' staged, and only those: when the
                figures changed since, it refuses (exit 1) and says so
  --out DIR     where the site goes (env CHISO_DIST_DIR, default ./dist)
  --wait SECS   wait up to SECS for another writer of the data folder (default: exit 3 at once)
${COMMON}

Environment: CHISO_SITE_URL, the site's public root (e.g. https://chiso.example.org), makes the
citations and the DCAT catalogue's links absolute; without it they are relative to the site.
Each publish whose figures differ from the last release is kept as a release under
<data-dir>/releases/YYYY-MM-DD/ (YYYY-MM-DD.2, .3 for later ones the same day), never replaced,
and published with every later site.`,
  diff: `Usage: chiso diff [--json] [--data-dir DIR]

Shows what the next publish would change against the last release: new, revised (old → new,
with the source) and withdrawn figures, targets whose status changes, and sources that are
failing or stale. Changes nothing.

  --json        the same as one JSON object
${COMMON}`,
  status: `Usage: chiso status [--json] [--data-dir DIR]

  --json        for a monitor: each source's last run, last success and failure, staleness, and
                who holds the data folder's lock; exits 1 when a source is failing or stale,
                3 when a writer holds the warehouse right now
${COMMON}`,
  sources: `Usage: chiso sources [--data-dir DIR]

Lists every source with its base URL (after any CHISO_<ID>_URL override), licence, schedule
(cron, UTC), last successful run in the warehouse, and each series with the indicator it feeds.
${COMMON}`,
  schedule: `Usage: chiso schedule [--review] [--out DIR] [--data-dir DIR]

Runs until stopped. Each source is refreshed on its own cron schedule (UTC, see 'chiso sources');
after a refresh that added figures the site is published again. A failed source is logged and
retried at its next slot; the warehouse and the site stay at their last good state. On start,
every source that missed a slot while the daemon was down is refreshed first. Each run takes
the data folder's lock, waiting (up to an hour) for a manual refresh or publish to finish.

  --review      stage new figures for review instead of publishing them: read them with
                'chiso diff', publish them with 'chiso publish --approve'
${COMMON}`,
  start: `Usage: chiso start [--port N] [--out DIR] [--data-dir DIR]

Builds the site from the bundled recordings (no network needed) and serves it on localhost.

  --port N      port to serve on (default 3000; 0 picks a free one)
  --out DIR     where the site goes (default ./dist)
${COMMON}`,
  serve: `Usage: chiso serve [--port N] [--out DIR]
${COMMON}`,
  check: `Usage: chiso check [--lang vi|en] [--catalog DIR] [--documents DIR]

Validates schemas/catalog/ (documents.yaml, targets.csv, the indicator YAML files) and
sources/report-figures.csv, and prints every problem with its file, line, id and field, in
Vietnamese and English (Vietnamese first). Exits 0 when clean, 1 when a problem was found.

  --lang vi|en      print one language only
  --catalog DIR     check another catalog folder (default schemas/catalog/)
  --documents DIR   the seed documents folder: also check each target's quote appears in its
                    document verbatim (whitespace aside)
${COMMON}`,
  template: `Usage: chiso template [--indicator ID]... [--period P] [--format xlsx|csv] [--out FILE]

Writes a submission file for a department: one row per indicator, geography and period to fill,
with the header in Vietnamese and English, each indicator's name, unit, definition and targets,
and a sheet of the codes it may use. Rows left blank are not submitted.

  --indicator ID   an indicator to include (repeat, or separate with commas); by default every
                   indicator that takes submissions and the period
  --period P       the period: 2024, 2024-Q3, Quý 3/2024, 2024-09... (default: last year)
  --format F       xlsx (default) or csv (UTF-8, the indicators described above the header)
  --out FILE       where to write it (default ./submission-<period>.<format>)
${COMMON}`,
  ingest: `Usage: chiso ingest FILE... --by UNIT [--note TEXT] [--lang vi|en] [--data-dir DIR]

Validates department submissions as 'chiso validate' does, then loads every figure of every file
in one transaction, or nothing: one bad row among a hundred loads nothing and names that row.
Each figure is a vintage credited to UNIT, with the time, the file's name and its sha256; the
file is archived by sha256 beside the raw bodies and a copy kept in <data-dir>/submissions/.
The same file again adds nothing; a corrected figure adds the next vintage.

  --by UNIT      the department that sent the files, e.g. "Sở Y tế" (required)
  --note TEXT    a note kept with every figure loaded
  --lang vi|en   print problems in one language only (default both)
${COMMON}`,
  validate: `Usage: chiso validate FILE... [--lang vi|en] [--json]

Checks department submissions (.xlsx; .csv or .txt separated by commas, semicolons or tabs, in
UTF-8, UTF-16 or Windows-1258) and prints every problem with its file, sheet, row and column, the
value found and the rule broken. Writes nothing. Exits 0 when every file is clean, 1 otherwise.

Rules: the indicator exists and takes submissions; the geography and the period fit it; the value
is a number in its unit's range; numerator/denominator give back the value; no figure twice;
the template's columns, and no others; no formulas, and no text starting with = + - @.

  --lang vi|en   print one language only (default both, Vietnamese first)
  --json         print the problems and the figures as JSON
${COMMON}`,
};
