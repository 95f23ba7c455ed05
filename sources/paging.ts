import { SourceShapeError, UpstreamError, seconds } from "./errors.ts";

/**
 * How far one series' pages are followed. The page count is the upstream's word: an API announcing
 * `pages: 1000000` would otherwise be asked a million times, at the polite pace, for days.
 */
export interface PagingLimits {
  /** Pages read for one series at most; an upstream announcing more fails the source. */
  maxPages: number;
  /** Time one series' pages may take together, requests and waits included. */
  seriesDeadlineMs: number;
}

/** 200 pages of 500-1,000 rows is far more than any configured series has (a few dozen years). */
export const DEFAULT_PAGING: PagingLimits = { maxPages: 200, seriesDeadlineMs: 5 * 60_000 };

export interface PageStep {
  /** 1-based page to read. */
  page: number;
  /** Aborts the page's request when the series' deadline passes. */
  signal: AbortSignal;
}

/** What one page says of the series: how many pages it has, and which request said so. */
export interface Announced {
  pages: number;
  /** `METHOD url` of the page, for the message when the count is refused. */
  from: string;
}

/**
 * Reads one series page by page: `read` fetches page `page` and answers the page count the
 * upstream announces (undefined: no more pages, e.g. after a 304). Fails, naming the series, when
 * the announced count exceeds the cap or the series' deadline passes.
 */
export async function readPages(
  sourceId: string,
  series: string,
  limits: Partial<PagingLimits> | undefined,
  read: (step: PageStep) => Promise<Announced | undefined>,
): Promise<void> {
  const { maxPages, seriesDeadlineMs } = { ...DEFAULT_PAGING, ...limits };
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new UpstreamError(sourceId, `series ${series}: gave up after ${seconds(seriesDeadlineMs)}, the series' deadline, while reading its pages`),
      ),
    seriesDeadlineMs,
  );
  // The timer alone must not keep the process alive once the work is done or abandoned.
  timer.unref();
  try {
    let pages = 1;
    for (let page = 1; page <= pages; page++) {
      deadline.signal.throwIfAborted();
      const announced = await read({ page, signal: deadline.signal });
      if (announced === undefined) break;
      if (announced.pages > maxPages)
        throw new SourceShapeError(
          sourceId,
          `series ${series}: the upstream announces ${announced.pages} pages, more than the ${maxPages} read for one series (in ${announced.from})`,
        );
      pages = announced.pages;
    }
  } finally {
    clearTimeout(timer);
  }
}
