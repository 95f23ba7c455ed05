import type { Observation } from "../../schemas/observation.ts";
import { loadedRow } from "../../schemas/published.ts";
import { territoryOf } from "../../schemas/territory.ts";
import { KEY, LOADED_COLUMNS } from "./ddl.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * Loads observations as vintages: a figure whose value, status, flags and unit equal the latest
 * vintage of its key adds nothing; a changed one adds vintage n+1. Returns rows added.
 * Call inside a transaction.
 */
export async function appendVintages(warehouse: Warehouse, observations: Observation[]): Promise<number> {
  if (!observations.length) return 0;
  const { db } = warehouse;
  await fillTerritories(warehouse);
  const stated = await statedTerritories(warehouse);
  await db.run(`create or replace temp table incoming as select ${LOADED_COLUMNS.join(", ")} from observations limit 0`);
  await warehouse.insertJson(
    "incoming",
    observations.map((o) => loadedRow(o, stated.get(`${o.indicatorId}|${o.sourceId}|${o.seriesCode}|${o.geo}`))),
  );
  const clash = await warehouse.query<{ key: string }>(
    `select concat_ws(' / ', ${KEY}) as key from incoming
     group by ${KEY} having count(distinct value) > 1 limit 1`,
  );
  if (clash.length) throw new Error(`two different values for one series and period in one run: ${clash[0]!.key}`);
  const inserted = await db.run(
    `insert into observations by name
     select i.*, coalesce(l.vintage, 0) + 1 as vintage, now() as loaded_at
     from (select distinct on (${KEY}) * from incoming) i
     left join observations_latest l using (${KEY})
     where l.vintage is null or l.value <> i.value or l.status <> i.status or l.unit <> i.unit
        or list_sort(l.flags) <> list_sort(i.flags)`,
  );
  await db.run("drop table incoming");
  return Number(inserted.rowsChanged);
}

/**
 * Rows loaded before the `territory` column existed get it from their geography and period, as a
 * load would write it: the column is a reading of the key, not a revision, so it adds no vintage.
 */
async function fillTerritories(warehouse: Warehouse): Promise<void> {
  const missing = await warehouse.query<{ geo: string; period: string }>("select distinct geo, period from observations where territory is null");
  for (const { geo, period } of missing)
    await warehouse.db.run(
      `update observations set territory = '${territoryOf(geo, period)}' where territory is null and geo = '${geo}' and period = '${period}'`,
    );
}

/** The territories the catalog's series links state (the synced `indicators` table), by series. */
async function statedTerritories(warehouse: Warehouse): Promise<Map<string, string>> {
  const rows = await warehouse.query<{ id: string; series: string | null }>("select id, series::varchar as series from indicators");
  const stated = new Map<string, string>();
  for (const { id, series } of rows)
    for (const s of JSON.parse(series ?? "[]") as { source: string; seriesCode: string; geo: string; territory?: string }[])
      if (s.territory) stated.set(`${id}|${s.source}|${s.seriesCode}|${s.geo}`, s.territory);
  return stated;
}
