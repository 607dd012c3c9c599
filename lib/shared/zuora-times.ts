// Browser-safe: the pages place Zuora's times in time themselves, from the tenant's zone they are given.
import { TZDate } from '@date-fns/tz';

const ZUORA_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * Zuora's `yyyy-MM-dd HH:mm:ss`, which names no zone, placed in time as the tenant's local time
 * (ZUORA_TIME_ZONE); null when it is missing, not in that form, or the zone is not configured.
 */
export function zuoraTimeToInstant(text: string | null, timeZone: string | null | undefined): string | null {
  const parts = text && timeZone ? ZUORA_TIME.exec(text.trim()) : null;
  if (!parts || !timeZone) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  const instant = new TZDate(year, month - 1, day, hour, minute, second, timeZone);
  return Number.isNaN(instant.getTime()) ? null : new Date(instant.getTime()).toISOString();
}
