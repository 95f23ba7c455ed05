// @ts-check
// Filters the search page's list as one types; the list itself is in the page, so nothing is fetched.
import {fold} from "./fold.js";

const input = /** @type {HTMLInputElement | null} */ (document.getElementById("search-q"));
const list = document.getElementById("search-results");
const count = document.getElementById("search-count");
if (input && list && count) {
  const items = /** @type {HTMLElement[]} */ ([...list.children]);
  const noun = list.dataset.lang === "vi" ? list.dataset.countVi : list.dataset.countEn;
  const apply = () => {
    const terms = fold(input.value).split(" ").filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const keys = item.dataset.keys ?? "";
      const match = terms.every((t) => keys.includes(t));
      item.hidden = !match;
      if (match) shown++;
    }
    count.textContent = shown ? `${shown} ${noun}` : (list.dataset.none ?? "");
  };
  input.value = new URLSearchParams(location.search).get("q") ?? "";
  input.addEventListener("input", apply);
  apply();
}
