// @ts-check
// How search matches, shared by the page's script (search.js) and publish, which folds each
// indicator's words into the page (pipelines/publish/site/search-page.ts): lower case, no
// diacritics, đ as d, so "dien thoai" finds "điện thoại".

/** @param {string} text */
export const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
