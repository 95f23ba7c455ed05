import { previousRun } from "../judge/calendar.ts";

/**
 * A source is due when a slot of its schedule has passed since it last succeeded (or was
 * skipped: nothing to fetch), or it never has: what `chiso refresh --due` runs from the system's cron, and what `chiso schedule`
 * catches up on when it starts after a downtime.
 */
export function dueSources<S extends { id: string; schedule: string }>(sources: readonly S[], lastSuccess: Map<string, Date>, now: Date): S[] {
  return sources.filter((s) => {
    const slot = previousRun(s.schedule, now);
    const last = lastSuccess.get(s.id) ?? null;
    if (!last) return true;
    return slot !== undefined && last < slot;
  });
}
