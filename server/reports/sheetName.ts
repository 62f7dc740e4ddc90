/** A worksheet name Excel accepts: none of []:*?/\ and at most 31 characters. */
export function sheetName(text: string): string {
  return text.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}
