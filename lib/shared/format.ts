// Browser-safe formatting shared by the pages.
const integer = new Intl.NumberFormat('en-US');

export function formatCount(value: number | null | undefined): string {
  return value == null ? '—' : integer.format(value);
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** "1,234 rows/s · about 3 min left", or null when there is nothing to estimate from. */
export function describeRate(ratePerSecond: number | null, remaining: number | null): string | null {
  if (!ratePerSecond || ratePerSecond <= 0) return null;
  const rate = `${integer.format(Math.round(ratePerSecond))} rows/s`;
  return remaining == null ? rate : `${rate} · about ${formatDuration((remaining / ratePerSecond) * 1000)} left`;
}

/** "1 row", "2 rows", "1,000 rows": a count with its noun, singular only for exactly one. */
export function formatCountOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${integer.format(count)} ${count === 1 ? singular : plural}`;
}

/** "Everything matching …" for the start of a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
