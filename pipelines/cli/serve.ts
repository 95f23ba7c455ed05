import { createServer, type Server } from "node:http";
import sirv from "sirv";

/** Serves the built site on localhost only; `.html` is implied so /downloads works like /downloads.html. */
export function serveSite(dir: string, port: number, host = "127.0.0.1"): Promise<{ server: Server; url: string }> {
  const files = sirv(dir, { extensions: ["html"], dev: false, etag: true });
  const server = createServer((req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.end("not found");
    }),
  );
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({ server, url: `http://${host}:${actual}/` });
    });
  });
}
