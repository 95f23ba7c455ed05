/** Lower case, no diacritics, đ as d: how search matches (fold.js). */
export declare const fold: (text: string) => string;
