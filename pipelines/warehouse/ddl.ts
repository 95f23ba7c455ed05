import { type SqlColumn, columnsOf, sqlColumns } from "../../schemas/columns.ts";
import { LoadedObservationRow, OBSERVATION_KEY, ObservationHistoryRow, ObservationRow } from "../../schemas/published.ts";

/**
 * The warehouse schema. Table and column names are an interface: exports, the site and
 * researchers' own queries read them. Every statement is `if not exists` (or a view that is
 * replaced), so a warehouse made by an earlier release opens unchanged.
 */

const columnDefinition = (c: SqlColumn) => `${c.name} ${c.type}${c.nullable ? "" : " not null"}`;

/** A table whose columns are a published row's, typed as the row's JSON Schema says. */
export const tableFrom = (table: string, columns: SqlColumn[]) => `create table if not exists ${table} (\n  ${columns.map(columnDefinition).join(",\n  ")});`;

/** The columns a load supplies, in table order; the load itself sets `vintage` and `loaded_at`. */
export const LOADED_COLUMNS = columnsOf(LoadedObservationRow);

export const KEY = OBSERVATION_KEY.join(", ");

/** The catalog and the run log: definitions and bookkeeping, never published row by row. */
const CATALOG_AND_RUNS = `
create table if not exists indicators (
  id varchar primary key, name_vi varchar, name_en varchar, definition_vi varchar, definition_en varchar,
  unit varchar, domain varchar, direction varchar, geographies varchar[], periodicity varchar,
  formula_vi varchar, formula_en varchar, data_gap_vi varchar, data_gap_en varchar, series json);
create table if not exists targets (
  id varchar primary key, indicator_id varchar, geo varchar, comparator varchar, value double, deadline integer,
  document_id varchar, document_number varchar, document_date varchar, clause varchar, seed varchar,
  wording_vi varchar, wording_en varchar, milestones json);
create table if not exists documents (
  id varchar primary key, number varchar, title_vi varchar, title_en varchar, issuer varchar, date varchar,
  seed varchar, read_from varchar, url varchar, sections json);
create table if not exists sources (
  id varchar primary key, publisher varchar, kind varchar, base_url varchar, licence varchar, schedule varchar, homepage varchar);
create table if not exists runs (
  run_id varchar primary key, source_id varchar, started_at timestamptz, finished_at timestamptz,
  status varchar, offline boolean, bodies integer, rows_read integer, rows_added integer, message varchar,
  failure_kind varchar, http_status integer);
-- Warehouses made before runs kept the kind of failure gain the columns.
alter table runs add column if not exists failure_kind varchar;
alter table runs add column if not exists http_status integer;
create table if not exists retrievals (
  run_id varchar, source_id varchar, url varchar, method varchar, status integer, raw_sha256 varchar,
  bytes bigint, headers json, retrieved_at timestamptz, snapshot varchar);
`;

/** Observations are append-only vintages; the latest view picks each key's newest. */
const OBSERVATIONS = `
${tableFrom("observations", sqlColumns(ObservationHistoryRow))}
-- Warehouses made before figures said which territory they describe gain the column; appendVintages fills it in.
alter table observations add column if not exists territory varchar;
create or replace view observations_latest as
  select ${columnsOf(ObservationRow).join(", ")}, loaded_at from (
    select *, row_number() over (partition by ${KEY} order by vintage desc) as rank
    from observations)
  where rank = 1;
`;

export const DDL = CATALOG_AND_RUNS + OBSERVATIONS;
