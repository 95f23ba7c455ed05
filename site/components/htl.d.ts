// htl ships no type declarations; these cover what the site's components use.
declare module "htl" {
  type Hypertext<T> = (strings: TemplateStringsArray, ...values: unknown[]) => T;
  /** Markup to DOM: nothing gives null, one top-level node is returned as it is, several come wrapped in a <span>. */
  export const html: Hypertext<Node | null> & {fragment: Hypertext<DocumentFragment>};
  /** The same for SVG: one top-level node as it is, several wrapped in a <g>. */
  export const svg: Hypertext<SVGElement | Node | null> & {fragment: Hypertext<DocumentFragment>};
}
