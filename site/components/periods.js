// @ts-check

/**
 * Where an ISO 8601 period sits on a time axis: a year at mid-year, a quarter or month at its middle.
 * @param {string} period a year (2024), quarter (2024-Q3) or month (2024-09)
 * @returns {Date}
 */
export function periodTime(period) {
  const year = Number(period.slice(0, 4));
  const q = /-Q([1-4])$/.exec(period);
  if (q) return new Date(Date.UTC(year, (Number(q[1]) - 1) * 3 + 1, 15));
  const m = /-(\d{2})$/.exec(period);
  if (m) return new Date(Date.UTC(year, Number(m[1]) - 1, 15));
  return new Date(Date.UTC(year, 6, 1));
}
