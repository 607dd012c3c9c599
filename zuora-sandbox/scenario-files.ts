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

/** Zuora's columns: the key, the two optional texts, one `Revenue Schedule:<custom field>` column. */
export function revenueScheduleUpdateRows(count: number): Rows {
  const rows: Rows = [['Revenue Schedule Number', 'Revenue Schedule Reference ID', 'Revenue Schedule Notes', 'Revenue Schedule:ContractType__c', '# Requested By']];
  for (let i = 0; i < count; i += 1) {
    rows.push([`RS-${pad(20_000 + i)}`, `OPP-${pad(48_000 + i, 6)}`, 'Re-dated after the October contract amendments', i % 2 ? 'Renewal' : 'New Business', 'revenue.team@example.com']);
  }
  return rows;
}

export function revenueScheduleDeleteRows(count: number): Rows {
  const rows: Rows = [['Revenue Schedule Number', '# Reason']];
  for (let i = 0; i < count; i += 1) rows.push([`RS-${pad(30_000 + i)}`, 'Duplicate created by migration']);
  return rows;
}

/**
 * Only the columns Zuora documents (its amount, distribution and date columns are unconfirmed): most
 * rows name a subscription charge, every fourth an invoice item instead (no charge key needed then).
 */
export function revenueScheduleCreateRows(count: number): Rows {
  const rows: Rows = [['Subscription Charge Key', 'Linked Transaction Type', 'Linked Transaction Key', '# Contract']];
  for (let i = 0; i < count; i += 1) {
    const contract = `Contract ${1000 + i}`;
    rows.push(i % 4 === 3 ? ['', 'Invoice Item', `8a8aa0c3${pad(i, 24)}`, contract] : [`C-${pad(700_000 + i)}`, '', '', contract]);
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

/**
 * Payments as Zuora's MPU file has them: every fifth External (a check), the rest Electronic through a
 * gateway; every tenth of those External ones unassigned (no account, no invoice); some pay two invoices.
 */
export function mpuRows(count: number): Rows {
  const rows: Rows = [['Billing Account ID', 'Payment Invoice', 'Payment Amount', 'Currency', 'Payment Date', 'Payment Method ID', 'Payment Type', 'Gateway ID', 'Reference ID', 'Payment Comment']];
  for (let i = 0; i < count; i += 1) {
    const cents = 9900 + (i % 13) * 2500;
    const amount = (cents / 100).toFixed(2);
    const isExternal = i % 5 === 0;
    const isUnassigned = i % 10 === 0;
    const invoice = `INV${pad(55_000 + i)}`;
    const paymentInvoice = i % 7 === 3 ? `${invoice}:${(cents / 200).toFixed(2)}|INV${pad(65_000 + i)}:${(cents / 200).toFixed(2)}` : `${invoice}:${amount}`;
    rows.push([
      isUnassigned ? '' : `2c92a0fd${pad(10_000 + i, 24)}`,
      isUnassigned ? '' : paymentInvoice,
      amount,
      'USD',
      '2026-11-28',
      isExternal ? '2c92a0f94a3f1c2e014a4e9b6a7b0c5d' : `2c92a0ff${pad(30_000 + i, 24)}`,
      isExternal ? 'External' : 'Electronic',
      isExternal ? '' : '2c92a0fb4bd5bc93014bd8d16ac4004e',
      `REF-${pad(i, 6)}`,
      'November collections run',
    ]);
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
