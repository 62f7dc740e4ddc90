/**
 * Times in the files for the contest office are wall-clock times where the contest takes place
 * (PODIUM_TIME_ZONE, default Asia/Shanghai: 北京时间), never the server's own zone nor UTC.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The zone itself, or an error naming it when the runtime does not know it. */
export function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new RangeError(`PODIUM_TIME_ZONE: "${zone}" is not a time zone this runtime knows (e.g. Asia/Shanghai)`);
  }
  return zone;
}

function wallClock(at: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/**
 * A Date whose UTC fields are the wall-clock time in `zone`: spreadsheet dates carry no zone, and
 * exceljs writes a Date's UTC fields, so Excel shows the local time of the hall.
 */
export function spreadsheetDate(at: number, zone: string): Date {
  const w = wallClock(at, zone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

/** `2026-11-30 14:05` in `zone`, for printed pages. */
export function localDateTimeText(at: number, zone: string): string {
  const w = wallClock(at, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** How a zone is named in the files: 北京时间 for China's, else its IANA name. */
export function timeZoneLabel(zone: string): string {
  return zone === 'Asia/Shanghai' ? '北京时间' : zone;
}
