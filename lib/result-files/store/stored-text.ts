import 'server-only';

// PostgreSQL's text holds every character but U+0000, which a CSV cell (and so a message, a header or a
// file name quoted in one) may hold. Blocks avoid it by their JSON encoding (stored-block.ts); the
// other texts of an import go through here, the same on both databases so both show the same.

const NUL = '\u0000';
// Marks a message kept as JSON. A message that itself starts with it is kept as JSON too, so reading back is exact.
const AS_JSON = '\u0001';

/** An error group's exact message as kept: as it is, or as JSON when it holds NUL. */
export function storedMessage(message: string): string {
  return message.includes(NUL) || message.startsWith(AS_JSON) ? AS_JSON + JSON.stringify(message) : message;
}

/** The exact message a stored one stands for. */
export function messageOfStored(stored: string): string {
  return stored.startsWith(AS_JSON) ? (JSON.parse(stored.slice(AS_JSON.length)) as string) : stored;
}

/** A text only shown (a failure's message, the CSV's name): NUL as the symbol for it, visible. */
export function shownText(text: string): string {
  return text.includes(NUL) ? text.replaceAll(NUL, '\u2400') : text;
}
