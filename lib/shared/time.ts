// Browser-safe: every time on screen in one zone (the tenant's, or UTC), with its offset, so a time
// read on the page means the same instant to everyone who reads it.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** "2026-12-01 12:24:28 UTC−08:00" for an ISO instant, in `timeZone`. */
export function formatInZone(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', 'UTC').replace('-', '−');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${/^UTC([+−]00:00)?$/.test(offset) ? 'UTC' : offset}`;
}

/** "UTC−08:00" now in `timeZone`, for a column header. */
export function offsetOf(timeZone: string, at = new Date()): string {
  return formatInZone(at.toISOString(), timeZone).split(' ')[2] ?? 'UTC';
}
