import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECURITY_HEADERS, serveSite } from "../../../pipelines/cli/serve.ts";
import { precompress } from "../../../pipelines/publish/site/finish.ts";

describe("chiso serve", () => {
  let dir: string;
  let close: () => void;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-serve-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>chiso</title>");
    writeFileSync(join(dir, "big.html"), `<!doctype html><title>big</title>${"<p>Tỷ lệ người dân có điện thoại thông minh</p>".repeat(200)}`);
    mkdirSync(join(dir, "_observablehq"));
    writeFileSync(join(dir, "_observablehq", "client.0123abcd.js"), `export const x = ${JSON.stringify("x".repeat(4000))};`);
    precompress(dir);
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

  it("sends the compressed copy publish made when the browser takes it, and the plain file when it does not", async () => {
    const plain = readFileSync(join(dir, "big.html"));
    const gz = await request(`${base}big.html`, { headers: { "accept-encoding": "gzip" } });
    const body = Buffer.from(await gz.body.arrayBuffer());
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(body.byteLength).toBeLessThan(plain.byteLength / 5);
    expect(gunzipSync(body).equals(plain)).toBe(true);
    const br = await request(`${base}big.html`, { headers: { "accept-encoding": "br, gzip" } });
    await br.body.arrayBuffer();
    expect(br.headers["content-encoding"]).toBe("br");
    const none = await request(`${base}big.html`);
    expect(Buffer.from(await none.body.arrayBuffer()).equals(plain)).toBe(true);
    expect(none.headers["content-encoding"]).toBeUndefined();
  });

  it("lets hashed assets stay cached and has pages revalidated", async () => {
    const asset = await request(`${base}_observablehq/client.0123abcd.js`);
    await asset.body.text();
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const page = await request(`${base}big.html`);
    await page.body.text();
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.headers.etag).toBeTruthy();
  });
});
