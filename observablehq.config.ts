// `chiso publish` writes the pages (pipelines/publish/site/) beside site/'s own into
// CHISO_SITE_ROOT and builds them into CHISO_SITE_OUT.
const root = process.env.CHISO_SITE_ROOT ?? "site";

export default {
  root,
  output: process.env.CHISO_SITE_OUT ?? "dist",
  title: "chiso",
  // No web fonts and no CDN: the built site makes no request to any other host.
  globalStylesheets: [],
  style: "style.css",
  search: false,
  preserveExtension: true,
  // Navigation is the header's, in the page's own language; Framework's sidebar has one list for both.
  sidebar: false,
  // Without a list Framework reads every page in the root each time it asks for the list: once per
  // page built, quadratic in the size of the site.
  pages: [],
  pager: false,
  toc: false,
  footer: null,
  // Header, footer, description and language links go in after the build (pipelines/publish/site/finish.ts):
  // here they would cost every page four more HTML parses, and Framework takes each <link href> for a file.
};
