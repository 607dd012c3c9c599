// Zuora answers `yyyy-MM-dd HH:mm:ss` without a time zone. Which zone is unconfirmed; the sandbox
// uses the tenant's (US Pacific, Zuora's default) so a console that assumes UTC shows it wrong.
export const TENANT_TIME_ZONE = 'America/Los_Angeles';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TENANT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatZuoraDateTime(ms: number): string {
  const parts = new Map(formatter.formatToParts(ms).map((part) => [part.type, part.value]));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
