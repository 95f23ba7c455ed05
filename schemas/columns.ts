import { z } from "zod";

/**
 * A published row schema is the one declaration of its table: the column order of every download
 * comes from its keys, and the warehouse and Parquet types from its JSON Schema, so the DDL, the
 * CSV header and the data dictionaries cannot drift apart.
 */

/** The column names of a row type. */
export type ColumnOf<Row> = keyof Row & string;

/** Columns in order, straight from the schema: the order of every download. */
export const columnsOf = <S extends z.ZodObject>(schema: S) => Object.keys(schema.shape) as ColumnOf<z.output<S>>[];

/** The DuckDB types a published column can take. */
export type SqlType = "varchar" | "double" | "integer" | "timestamptz" | "varchar[]";

export interface SqlColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
}

type JsonType = { type?: string | string[]; anyOf?: JsonType[]; format?: string; items?: JsonType };

const jsonTypes = (p: JsonType): JsonType[] =>
  p.anyOf ? p.anyOf.flatMap(jsonTypes) : (Array.isArray(p.type) ? p.type : [p.type]).map((type) => ({ ...p, type }));

function sqlTypeOf(p: JsonType, column: string): SqlType {
  if (p.type === "string") return p.format === "date-time" ? "timestamptz" : "varchar";
  if (p.type === "number") return "double";
  if (p.type === "integer") return "integer";
  if (p.type === "array" && p.items && sqlTypeOf(p.items, column) === "varchar") return "varchar[]";
  throw new Error(`column ${column}: no warehouse type for JSON Schema type ${JSON.stringify(p.type)}`);
}

/**
 * Each column's warehouse type, read off the same JSON Schema the downloads publish: an integer
 * stays `integer`, a date-time is a `timestamptz`, and a column is nullable exactly when the
 * published schema allows null.
 */
export function sqlColumns(schema: z.ZodObject): SqlColumn[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, JsonType> };
  return Object.entries(json.properties).map(([name, p]) => {
    const variants = jsonTypes(p);
    const main = variants.find((v) => v.type !== "null");
    if (!main) throw new Error(`column ${name}: only null`);
    return { name, type: sqlTypeOf(main, name), nullable: variants.some((v) => v.type === "null") };
  });
}
