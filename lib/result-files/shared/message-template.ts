// Browser-safe: the template of one of Zuora's error messages, the key failures are grouped by.
// Zuora's messages name the row's record ("Invoice Item 8a8aa1b2… not found"), so grouping by exact
// message gives one group per row. A template keeps the words and replaces what varies from row to row:
//
//   {value}   a quoted value: 'Nov 2026', "abc" (but a quoted field or column name stays: it is wording)
//   {date}    a date or a time: 2026-11-28, 2026-11-28T10:15:00Z, 11/28/2026, Nov 2026, 10:15:00
//   {code}    the word after "code" / "codes" when it holds a digit or is in capitals (accounting code
//             41017, currency code: XXX, response code 05), and an ISO 4217 currency (USD, EUR)
//   {id}      a word mixing letters and at least three digits: a Zuora id (8a8aa1b2…), a record number
//             (INV00000123, RS-00020006, A00010000); not when part of it is a plain word (1000-Generic)
//   {number}  a number: 12, -2.50, 1,200.00
//
// Everything else is kept as written, so "Invoice Item {id} not found" and "Credit Memo Item {id} not
// found" stay apart, as do two messages whose wording around the placeholder differs. The same
// function runs in the browser (an old `error=` link becomes its template) and on the server (the
// groups, the row filter, the fix file): its result must never depend on where it runs.

export const PLACEHOLDERS = ['{value}', '{date}', '{code}', '{id}', '{number}'] as const;

/** Longer templates are cut here, so any group's template fits in a link (rows-query.ts). */
export const MAX_TEMPLATE_LENGTH = 1000;

/** The template of a failed row whose Error Message is blank. */
export const NO_MESSAGE_TEMPLATE = '(no message)';

/** The template of one error message: the same for every message that differs only in its values. */
export function messageTemplate(message: string): string {
  // Each rule runs only when a quick test finds what it looks for: ~1 µs a message (70,000 in ~0.1 s).
  let text = UNEVEN_SPACE.test(message) ? message.replace(/\s+/g, ' ').trim() : message;
  if (text === '') return NO_MESSAGE_TEMPLATE;
  if (QUOTE_START.test(text)) text = text.replace(QUOTED, '{value}');
  if (DATE_HINT.test(text) || MONTH_HINT.test(text)) text = text.replace(DATE, '{date}').replace(DATE_TIME, '{date}');
  if (CODE_WORD.test(text)) text = text.replace(AFTER_CODE, (match, code: string, word: string) => replaceCore(word, (core) => (CODE_LIKE.test(core) ? '{code}' : null), code));
  if (CAPITALS.test(text)) text = text.replace(CURRENCY, (word) => (CURRENCIES.has(word) ? '{code}' : word));
  if (DIGIT.test(text)) text = text.replace(WORD, (word) => (DIGIT.test(word) ? replaceCore(word, idOrNumber) : word));
  return text.length <= MAX_TEMPLATE_LENGTH ? text : `${text.slice(0, MAX_TEMPLATE_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** A template as runs of text and placeholders, for showing the placeholders apart. */
export function templateParts(template: string): Array<{ text: string; isPlaceholder: boolean }> {
  return template
    .split(PLACEHOLDER)
    .filter((text) => text !== '')
    .map((text) => ({ text, isPlaceholder: (PLACEHOLDERS as readonly string[]).includes(text) }));
}

const DIGIT = /\d/;
const UNEVEN_SPACE = /^\s|\s$|\s\s|[^\S ]/;
const PLACEHOLDER = /(\{(?:value|date|code|id|number)\})/;

// A quote opens after a space or punctuation and closes before one, so the apostrophe of "can't" or
// "customers' invoices" opens nothing. A name quoted right after "field", "column", "parameter",
// "property" or "header" is which field, not a value: merging those would merge different failures.
const QUOTE_START = /['"“‘«`]/;
const QUOTED = /(?<![\p{L}\p{N}])(?<!\b(?:field|column|parameter|property|header)s?:? )(?:'[^']*'|"[^"]*"|“[^”]*”|‘[^’]*’|«[^»]*»|`[^`]*`)(?![\p{L}\p{N}])/giu;

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
// Never inside a word: INV-2026-11 is an id, not INV-{date}.
const DATE = new RegExp(
  `(?<![\\w/:.-])(?:${[
    '\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?',
    '\\d{4}/\\d{2}/\\d{2}',
    '\\d{1,2}/\\d{1,2}/\\d{2,4}',
    '\\d{4}-\\d{2}',
    `(?:\\d{1,2}[ -])?${MONTH}[ -](?:\\d{1,2},? )?\\d{4}`,
    '\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?: ?[AaPp][Mm])?',
  ].join('|')})(?![\\w/:-])`,
  'g',
);
const DATE_HINT = /\d[-/:]\d/;
const MONTH_HINT = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*[ -]\d/;
// "2026-11-28 at 10:15:00" stays two dates; "{date} {date}" (a date and its time) is one.
const DATE_TIME = /\{date\} \{date\}/g;

// Words are whole runs of non-spaces, taken apart by hand: a regular expression that looks for the
// word's own start and end can take quadratic time on a long cell, and every failed row is templated.
const WORD = /\S+/g;
const CODE_WORD = /\bcodes?\b/i;
const AFTER_CODE = /(\bcodes?:? )(\S+)/gi;
const CODE_LIKE = /\d|^[A-Z][A-Z0-9_.-]+$/;
const CAPITALS = /[A-Z]{3}/;
const CURRENCY = /(?<![\w-])[A-Z]{3}(?![\w-])/g;
const NUMBER = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const PLAIN_WORD = /^(?=.*[a-z])[A-Za-z]{4,}$/;
// What may stand around a word without being part of it: "(INV00000123)," is "(", "INV00000123" and "),".
const OPENING = new Set('([<"\'“‘«$€£¥#');
const CLOSING = new Set(')]>"\'”’».,;:!?%');

// ISO 4217's active codes. Written out rather than asked of Intl, whose list differs between
// browsers and Node versions: the browser and the server must make the same template.
const CURRENCIES = new Set(
  ('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
    'CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF ' +
    'IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK ' +
    'MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR ' +
    'SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES ' +
    'VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG').split(' '),
);

/** The word with its core (the word without the punctuation around it) replaced, when `placeholder` has one for it. */
function replaceCore(word: string, placeholder: (core: string) => string | null, lead = ''): string {
  let start = 0;
  let end = word.length;
  while (start < end && OPENING.has(word.charAt(start))) start += 1;
  while (end > start && CLOSING.has(word.charAt(end - 1))) end -= 1;
  const replacement = start < end ? placeholder(word.slice(start, end)) : null;
  return replacement === null ? `${lead}${word}` : `${lead}${word.slice(0, start)}${replacement}${word.slice(end)}`;
}

function idOrNumber(core: string): string | null {
  return isId(core) ? '{id}' : NUMBER.test(core) ? '{number}' : null;
}

function isId(word: string): boolean {
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters += 1;
  }
  return digits >= 3 && letters > 0 && !word.split(/[-_./]/).some((part) => PLAIN_WORD.test(part));
}
