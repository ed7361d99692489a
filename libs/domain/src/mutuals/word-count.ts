/**
 * Counts words as a person would: runs of text between spaces (of any kind, line breaks
 * included) or dashes used as punctuation (— and –). Hyphenated words, contractions, numbers
 * such as £25,000 and web addresses are one word each; stray punctuation (a lone "-" or "&")
 * is not a word.
 */
export function countWords(text: string): number {
  return text.split(/[\s\u2013\u2014]+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
