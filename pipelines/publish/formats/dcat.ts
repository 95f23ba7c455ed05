import { EVERY_WARD, WARD_PARENT, wardOf } from "../../../schemas/geography/wards.ts";
import type { Indicator } from "../../../schemas/indicator.ts";
import { CHISO_LICENCE, DESCRIPTION, type PublishContext, TITLE, url } from "../context.ts";
import type { IndicatorRecord } from "./json-api.ts";

/** GeoNames features for the areas chiso publishes (DCAT spatial). */
const SPATIAL: Record<string, string> = { "VN-SG": "https://sws.geonames.org/1566083/", VN: "https://sws.geonames.org/1562822/" };
/** Every ward together is the city: its feature stands for the level, once. */
const spatialKey = (geo: string) => (geo === EVERY_WARD ? WARD_PARENT : geo);

/**
 * A geography as DCAT's `dct:spatial` wants it, a resource: the GeoNames feature where chiso has
 * one; else (a ward) a location named by its code and its official name, never a bare code as an
 * IRI. The LOCN term is written in full so the catalogue's context stays as harvesters know it.
 */
function spatial(geo: string) {
  const feature = SPATIAL[geo];
  if (feature) return { "@id": feature };
  const ward = wardOf(geo);
  return {
    "@type": "dct:Location",
    "dct:identifier": geo,
    ...(ward ? { "http://www.w3.org/ns/locn#geographicName": { "@value": ward.name, "@language": "vi" } } : {}),
  };
}

/** EU frequency vocabulary, which DCAT-AP and ckanext-dcat read. */
const FREQUENCY: Record<Indicator["periodicity"], string> = {
  annual: "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
  quarterly: "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
  monthly: "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
  irregular: "http://publications.europa.eu/resource/authority/frequency/IRREG",
};

/** A DCAT catalogue (JSON-LD) a CKAN portal with ckanext-dcat can harvest: one dataset per indicator. */
export function dcatCatalog(records: IndicatorRecord[], ctx: PublishContext) {
  const lang = (t: { vi: string; en: string }) => [
    { "@value": t.vi, "@language": "vi" },
    { "@value": t.en, "@language": "en" },
  ];
  const licence = { "@id": CHISO_LICENCE.path };
  const publisher = { "@type": "foaf:Agent", "foaf:name": "chiso" };
  const distribution = (r: IndicatorRecord, key: keyof IndicatorRecord["links"], format: string, media: string, title: string) => ({
    "@type": "dcat:Distribution",
    "@id": r.links[key],
    "dct:title": title,
    "dcat:downloadURL": { "@id": r.links[key] },
    "dcat:accessURL": { "@id": r.links.page },
    "dct:format": format,
    "dcat:mediaType": media,
    "dct:license": licence,
  });
  return {
    "@context": {
      dcat: "http://www.w3.org/ns/dcat#",
      dct: "http://purl.org/dc/terms/",
      foaf: "http://xmlns.com/foaf/0.1/",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    },
    "@id": url(ctx, "data/catalog.json"),
    "@type": "dcat:Catalog",
    "dct:title": lang(TITLE),
    "dct:description": DESCRIPTION,
    "dct:publisher": publisher,
    "dct:license": licence,
    "dct:language": ["vi", "en"],
    "dct:modified": { "@value": ctx.now.toISOString(), "@type": "xsd:dateTime" },
    "foaf:homepage": { "@id": url(ctx, "") },
    "dcat:dataset": records.map((r) => ({
      "@id": r.links.page,
      "@type": "dcat:Dataset",
      "dct:identifier": r.id,
      "dct:title": lang(r.name),
      "dct:description": lang(r.definition),
      "dcat:keyword": [...new Set([r.domain, ...r.series.map((s) => s.seriesCode)])],
      "dct:publisher": publisher,
      "dct:license": licence,
      "dct:modified": { "@value": ctx.now.toISOString(), "@type": "xsd:dateTime" },
      "dct:issued": { "@value": r.release, "@type": "xsd:date" },
      "dcat:landingPage": { "@id": r.links.page },
      "dct:accrualPeriodicity": { "@id": FREQUENCY[r.periodicity] },
      "dct:spatial": [...new Set(r.geographies.map(spatialKey))].map(spatial),
      ...(r.temporal
        ? {
            "dct:temporal": {
              "@type": "dct:PeriodOfTime",
              "dcat:startDate": { "@value": r.temporal.start.slice(0, 4), "@type": "xsd:gYear" },
              "dcat:endDate": { "@value": r.temporal.end.slice(0, 4), "@type": "xsd:gYear" },
            },
          }
        : {}),
      "dct:source": r.series.filter((s) => s.link).map((s) => ({ "@id": s.link })),
      "dcat:distribution": [
        distribution(r, "parquet", "Parquet", "application/vnd.apache.parquet", "Latest values (Parquet)"),
        distribution(r, "csv", "CSV", "text/csv", "Latest values (CSV)"),
        distribution(r, "json", "JSON", "application/json", "Metadata and latest values (JSON)"),
        distribution(r, "historyParquet", "Parquet", "application/vnd.apache.parquet", "Every vintage (Parquet)"),
        distribution(r, "historyCsv", "CSV", "text/csv", "Every vintage (CSV)"),
      ],
    })),
  };
}
