import { createServer, type Server } from "node:http";
import sirv from "sirv";

/**
 * What every response says to the browser: load nothing from another origin, never guess a file's
 * type, and send no full URL to other sites. Framework's pages carry inline scripts (the language
 * switch, each page's module), so inline script and style stay allowed; everything else is 'self'.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** Framework names its built assets by their hash: those never change under a name and may be kept a year. */
const HASHED = /^\/_(observablehq|import|file|npm|node)\//;

function cacheHeaders(res: { setHeader(name: string, value: string): void }, pathname: string): void {
  res.setHeader("Cache-Control", HASHED.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");
}

/** Serves the built site on localhost only; `.html` is implied so /downloads works like /downloads.html. */
export function serveSite(dir: string, port: number, host = "127.0.0.1"): Promise<{ server: Server; url: string }> {
  // Publish writes .br and .gz beside each text file; sirv sends the one the browser accepts.
  const files = sirv(dir, { extensions: ["html"], dev: false, etag: true, brotli: true, gzip: true, setHeaders: cacheHeaders });
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    return files(req, res, () => {
      res.statusCode = 404;
      res.end("not found");
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({ server, url: `http://${host}:${actual}/` });
    });
  });
}
