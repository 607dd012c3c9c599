import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';

// Upload files as a finance team's tooling would write them, one generator per mass action type.

export interface ScenarioFile {
  fileName: string;
  bytes: Uint8Array;
}

type Rows = string[][];

export function csvFile(fileName: string, rows: Rows, style: { bom?: boolean; crlf?: boolean } = {}): ScenarioFile {
  const text = stringify(rows, { bom: style.bom ?? false, record_delimiter: style.crlf ? 'windows' : 'unix', quoted_match: /[\r\n]/ });
  return { fileName, bytes: strToU8(text) };
}

/** The same file zipped, as Zuora accepts for uploads near the 4 MB cap. */
export function zipped(file: ScenarioFile): ScenarioFile {
  return { fileName: file.fileName.replace(/\.csv$/i, '.zip'), bytes: zipSync({ [file.fileName]: file.bytes }, { level: 6 }) };
}

const OBJECT_TYPES = ['Invoice Item', 'Invoice Item Adjustment', 'Credit Memo Item', 'Debit Memo Item', 'Revenue Schedule'];
const pad = (n: number, width = 8) => String(n).padStart(width, '0');

export function accountingCodeRows(count: number): Rows {
  const rows: Rows = [['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code']];
  for (let i = 0; i < count; i += 1) {
    rows.push([`8a8aa1b2${pad(i, 24)}`, OBJECT_TYPES[i % OBJECT_TYPES.length] ?? 'Invoice Item', `2${pad(4100 + (i % 37), 4)}`, `4${pad(1000 + (i % 53), 4)}`]);
  }
  return rows;
}

export function revenueScheduleUpdateRows(count: number): Rows {
  const rows: Rows = [['Revenue Schedule Number', 'Distribution Type', 'Recognition Start Date', 'Recognition End Date', '# Requested By']];
  for (let i = 0; i < count; i += 1) {
    rows.push([`RS-${pad(20_000 + i)}`, i % 2 ? 'Daily Distribution' : 'Monthly Distribution', '2026-10-01', '2027-09-30', 'revenue.team@example.com']);
  }
  return rows;
}

export function revenueScheduleDeleteRows(count: number): Rows {
  const rows: Rows = [['Revenue Schedule Number', '# Reason']];
  for (let i = 0; i < count; i += 1) rows.push([`RS-${pad(30_000 + i)}`, 'Duplicate created by migration']);
  return rows;
}

export function revenueScheduleCreateRows(count: number): Rows {
  const rows: Rows = [['Charge Number', 'Revenue Schedule Rule', 'Amount', 'Recognition Start Date', 'Recognition End Date', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code', 'Notes']];
  for (let i = 0; i < count; i += 1) {
    rows.push([`C-${pad(700_000 + i)}`, 'Recognize daily over time', (1200 + (i % 9) * 150).toFixed(2), '2026-12-01', '2027-11-30', '24100', '41000', `Contract ${1000 + i}`]);
  }
  return rows;
}

const CURRENCIES = ['EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF'];

/** Rates grouped by date: one failure poisons the rest of its group ("A previous row with the same Group ID failed"). */
export function fxRateRows(count: number): Rows {
  const rows: Rows = [['Group ID', 'Rate Set Name', 'Provider Exchange Rate Date', 'Currency (From)', 'Currency (To)', 'Exchange Rate']];
  for (let i = 0; i < count; i += 1) {
    const day = 1 + Math.floor(i / CURRENCIES.length);
    rows.push([`2026-11-${pad(day, 2)}`, 'Treasury month-end', `2026-11-${pad(day, 2)}`, 'USD', CURRENCIES[i % CURRENCIES.length] ?? 'EUR', (0.8 + (i % 17) / 100).toFixed(6)]);
  }
  return rows;
}

export function mpuRows(count: number): Rows {
  const rows: Rows = [['Account Number', 'Amount', 'Effective Date', 'Type', 'Payment Method', 'Reference ID', 'Invoice Number', 'Invoice Amount', 'Comment']];
  for (let i = 0; i < count; i += 1) {
    const amount = (99 + (i % 13) * 25).toFixed(2);
    const isExternal = i % 5 === 0;
    rows.push([`A${pad(10_000 + i)}`, amount, '2026-11-28', isExternal ? 'External' : 'Electronic', isExternal ? 'Check' : 'CreditCard', `REF-${pad(i, 6)}`, `INV${pad(55_000 + i)}`, amount, 'November collections run']);
  }
  return rows;
}

/**
 * Every CSV trap at once: `#` columns at the start, middle and end, quoted commas, doubled quotes,
 * line breaks (CRLF and LF) inside quoted fields, non-ASCII text, empty cells, padding spaces.
 * Written with a UTF-8 BOM and CRLF line ends, as Excel on Windows saves it.
 */
export function edgeCaseRows(): Rows {
  return [
    ['# Reviewer', 'Object Key', 'Object Type', '# Note', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code', '#Ticket'],
    ['Zoë Müller', '8a8aa1b2000000000000000000000001', 'Invoice Item', 'Reclass, per audit finding 12', '24100', '41000', 'FIN-101'],
    ['Ana', '8a8aa1b2000000000000000000000002', 'Invoice Item', 'Customer said "urgent", twice', '24100', '41000', 'FIN-102'],
    ['Ana', '8a8aa1b2000000000000000000000003', 'Credit Memo Item', 'Line one\r\nLine two, with comma', '24200', '', 'FIN-103'],
    ['', '8a8aa1b2000000000000000000000004', 'Debit Memo Item', 'LF only\nsecond line', '', '41200', ''],
    ['李雷', '8a8aa1b2000000000000000000000005', 'Invoice Item', '"Fully quoted"', '24100', '41000', 'FIN-105'],
    ['Ana', '8a8aa1b2000000000000000000000006', 'Invoice Item Adjustment', '  padded value  ', '24300', '41300', '#not-a-comment'],
    ['Ana', '8a8aa1b2000000000000000000000007', 'Invoice Item', 'Price: €1,200.00 → €1,250.00', '24100', '41000', 'FIN-107'],
  ];
}
