/**
 * Text people can type: no control characters (tab, line feed and carriage return are fine) and
 * no UTF-16 halves without their pair. PostgreSQL refuses the rest, so the server refuses it at the
 * boundary and the pad strips it from pasted text. No zod here: the pad imports this.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function isPlainText(value: string): boolean {
  return !new RegExp(CONTROL.source).test(value) && !new RegExp(LONE_SURROGATE.source).test(value);
}

/** The text without control characters and broken pairs. */
export function toPlainText(value: string): string {
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** At most `max` UTF-16 units, never cut inside a character. */
export function truncateText(value: string, max: number): string {
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
