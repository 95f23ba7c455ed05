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
  status     each source's last run, each indicator's latest value and its targets' progress
  sources    every source: base URL, licence, schedule, last success and the series it feeds
  schedule   stay running: refresh each source on its own schedule, then publish
  start      refresh --offline, publish, then serve the site on localhost
  serve      serve an already built site
${COMMON}

Run 'chiso <command> --help' for a command's options.`,
  refresh: `Usage: chiso refresh [--source ID] [--offline] [--data-dir DIR]

Fetches, parses, validates and loads each source; a source that fails is reported and leaves
the warehouse as it was, while the others still load. Exits 1 if any source failed.

  --source ID   refresh one source (${SOURCES.map((s) => s.id).join(", ")})
  --offline     read the bundled recordings in sources/snapshots/ instead of the network
${COMMON}

Environment: CHISO_<ID>_URL overrides a source's base URL, e.g. CHISO_WORLDBANK_URL.`,
  publish: `Usage: chiso publish [--out DIR] [--data-dir DIR]

Writes the downloads and builds the site from the warehouse; the previous site stays in place
until the new one is complete.

  --out DIR     where the site goes (env CHISO_DIST_DIR, default ./dist)
${COMMON}

Environment: CHISO_SITE_URL, the site's public root (e.g. https://chiso.example.org), makes the
citations and the DCAT catalogue's links absolute; without it they are relative to the site.
Each publish whose figures differ from the last release is kept as a release under
<data-dir>/releases/YYYY-MM-DD/ and published with every later site.`,
  status: `Usage: chiso status [--data-dir DIR]
${COMMON}`,
  sources: `Usage: chiso sources [--data-dir DIR]

Lists every source with its base URL (after any CHISO_<ID>_URL override), licence, schedule
(cron, UTC), last successful run in the warehouse, and each series with the indicator it feeds.
${COMMON}`,
  schedule: `Usage: chiso schedule [--out DIR] [--data-dir DIR]

Runs until stopped. Each source is refreshed on its own cron schedule (UTC, see 'chiso sources');
after a refresh that added figures the site is published again. A failed source is logged and
retried at its next slot; the warehouse and the site stay at their last good state.
${COMMON}`,
  start: `Usage: chiso start [--port N] [--out DIR] [--data-dir DIR]

Builds the site from the bundled recordings (no network needed) and serves it on localhost.

  --port N      port to serve on (default 3000; 0 picks a free one)
  --out DIR     where the site goes (default ./dist)
${COMMON}`,
  serve: `Usage: chiso serve [--port N] [--out DIR]
${COMMON}`,
};
