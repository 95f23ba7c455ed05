import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECURITY_HEADERS, serveSite } from "../../../pipelines/cli/serve.ts";

describe("chiso serve", () => {
  let dir: string;
  let close: () => void;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-serve-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>chiso</title>");
    const { server, url } = await serveSite(dir, 0);
    base = url;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends a policy that loads nothing from another origin, nosniff and a referrer policy, on pages and on 404s", async () => {
    for (const path of ["", "missing"]) {
      const res = await request(`${base}${path}`);
      await res.body.text();
      expect(res.statusCode).toBe(path ? 404 : 200);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name.toLowerCase()]).toBe(value);
      expect(String(res.headers["content-security-policy"])).toMatch(/default-src 'self'/);
      expect(String(res.headers["content-security-policy"])).not.toMatch(/https?:|\*/);
    }
  });
});
