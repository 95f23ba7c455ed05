import { CronJob } from "cron";
import { SCHEDULE_ZONE, nextRun } from "../judge/calendar.ts";
import PQueue from "p-queue";

export interface ScheduleActions {
  refresh: (sourceId: string) => Promise<{ ok: boolean; added: number }>;
  publish: () => Promise<void>;
  log: (line: string) => void;
}

/**
 * One cron job per source. Runs go through one queue, one at a time: the warehouse has a single
 * writer, and a slow source must not overlap its own next slot.
 */
export async function schedule(sources: readonly { id: string; schedule: string }[], actions: ScheduleActions): Promise<{ jobs: CronJob[]; stop: () => Promise<void> }> {
  const queue = new PQueue({ concurrency: 1 });
  const waiting = new Set<string>();
  const jobs = sources.map((source) =>
    CronJob.from({
      cronTime: source.schedule,
      timeZone: SCHEDULE_ZONE,
      start: true,
      onTick: () => {
        if (waiting.has(source.id)) return void actions.log(`schedule: ${source.id} is still waiting for its last slot; this one is skipped`);
        waiting.add(source.id);
        void queue.add(async () => {
          waiting.delete(source.id);
          try {
            const { ok, added } = await actions.refresh(source.id);
            if (added > 0) await actions.publish();
            actions.log(`schedule: ${source.id} ${ok ? "done" : "failed"}, ${added} new vintages; next at ${nextRun(source.schedule, new Date()).toISOString()}`);
          } catch (error) {
            actions.log(`schedule: ${source.id}: ${(error as Error).message}`);
          }
        });
      },
    }),
  );
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
