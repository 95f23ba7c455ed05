import { CronJob } from "cron";
import { SCHEDULE_ZONE, nextRun } from "../judge/calendar.ts";
import PQueue from "p-queue";

export interface ScheduleActions {
  refresh: (sourceId: string) => Promise<{ ok: boolean; added: number }>;
  publish: () => Promise<void>;
  /** The sources that missed a slot (the daemon was down): run once on start, before the clocks tick. */
  due?: () => Promise<string[]>;
  log: (line: string) => void;
}

/**
 * One cron job per source. Runs go through one queue, one at a time: the warehouse has a single
 * writer, and a slow source must not overlap its own next slot.
 */
export async function schedule(
  sources: readonly { id: string; schedule: string }[],
  actions: ScheduleActions,
): Promise<{ jobs: CronJob[]; stop: () => Promise<void> }> {
  const queue = new PQueue({ concurrency: 1 });
  const waiting = new Set<string>();
  const enqueue = (id: string) => {
    if (waiting.has(id)) return void actions.log(`schedule: ${id} is still waiting for its last slot; this one is skipped`);
    waiting.add(id);
    void queue.add(async () => {
      waiting.delete(id);
      try {
        const { ok, added } = await actions.refresh(id);
        if (added > 0) await actions.publish();
        const schedule = sources.find((s) => s.id === id)!.schedule;
        actions.log(`schedule: ${id} ${ok ? "done" : "failed"}, ${added} new vintages; next at ${nextRun(schedule, new Date()).toISOString()}`);
      } catch (error) {
        actions.log(`schedule: ${id}: ${(error as Error).message}`);
      }
    });
  };
  if (actions.due) {
    try {
      const due = (await actions.due()).filter((id) => sources.some((s) => s.id === id));
      actions.log(due.length ? `schedule: catching up on ${due.join(", ")} (a slot passed since the last success)` : "schedule: nothing to catch up on");
      for (const id of due) enqueue(id);
    } catch (error) {
      actions.log(`schedule: could not tell which sources are due: ${(error as Error).message}`);
    }
  }
  const jobs = sources.map((source) => CronJob.from({ cronTime: source.schedule, timeZone: SCHEDULE_ZONE, start: true, onTick: () => enqueue(source.id) }));
  for (const s of sources) actions.log(`schedule: ${s.id} (${s.schedule} UTC) next at ${nextRun(s.schedule, new Date()).toISOString()}`);
  return {
    jobs,
    /** Stops the clocks, then lets a refresh under way (and its publish) finish. */
    stop: async () => {
      for (const job of jobs) job.stop();
      queue.clear();
      await queue.onIdle();
    },
  };
}
