import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, type ActionType } from '../../../zuora-sandbox/action-types';
import { describeFailure, GROUP_FAILED_MESSAGE, ROW_FAILED, ROW_FAILED_BY_GROUP } from '../../../zuora-sandbox/failures';
import { MAX_TEMPLATE_LENGTH, messageTemplate, NO_MESSAGE_TEMPLATE, templateParts } from './message-template';

// Zuora's row messages, by action type: each list holds messages that must share one template, and
// the template they share. The sandbox's own messages come first, then ones in Zuora's style from its
// documentation and from real response files (ids, record numbers, codes, dates, amounts, quotes).
const SAME_TEMPLATE: Record<ActionType, Array<[template: string, messages: string[]]>> = {
  UpdateAccountingCode: [
    ['Invoice Item {id} not found', ['Invoice Item 8a8aa1b2000000000000000000000007 not found', 'Invoice Item 2c92c0f96abc17de016abd62bd0c4a1b not found', 'Invoice Item INV00000123-1 not found']],
    ['Credit Memo Item {id} is in a closed accounting period', ['Credit Memo Item 8a8aa1b2000000000000000000000012 is in a closed accounting period', 'Credit Memo Item CM00000481 is in a closed accounting period']],
    ['Invalid accounting code: {code} does not exist', ['Invalid accounting code: 24105 does not exist', 'Invalid accounting code: ACC-9999 does not exist', 'Invalid accounting code: 2000-DEF does not exist']],
    ['The accounting code {code} is not active in the chart of accounts', ['The accounting code 41017 is not active in the chart of accounts', 'The accounting code 41052 is not active in the chart of accounts']],
    ['Object Key {id} does not match Object Type {value}.', ["Object Key P-00001234 does not match Object Type 'Refund'.", 'Object Key R-00000077 does not match Object Type "Payment".']],
  ],
  CreateRevenueSchedule: [
    ['Charge {id} not found', ['Charge C-00700006 not found', 'Charge C-00700017 not found']],
    ['The recognition start date {date} is in a closed accounting period', ['The recognition start date 2026-12-01 is in a closed accounting period', 'The recognition start date 2026-01-31 is in a closed accounting period']],
    ['The revenue schedule amount {number} does not equal the sum of the distributed amounts {number}', ['The revenue schedule amount 1,200.00 does not equal the sum of the distributed amounts 1,150.00', 'The revenue schedule amount -2.50 does not equal the sum of the distributed amounts 0']],
    ['Linked Transaction Key {id} is not a posted invoice item.', ['Linked Transaction Key 8a8aa1b2000000000000000000000031 is not a posted invoice item.', 'Linked Transaction Key 8a8aa1b2000000000000000000000932 is not a posted invoice item.']],
  ],
  UpdateRevenueSchedule: [
    ['Revenue schedule {id} not found', ['Revenue schedule RS-00020006 not found', 'Revenue schedule RS-00020813 not found']],
    ['Revenue schedule {id} has revenue distributed in a closed accounting period', ['Revenue schedule RS-00020006 has revenue distributed in a closed accounting period', 'Revenue schedule RS-00021117 has revenue distributed in a closed accounting period']],
    ['The accounting period {value} is closed; revenue cannot be distributed to it.', ["The accounting period 'Nov 2026' is closed; revenue cannot be distributed to it.", "The accounting period 'FY26 P03' is closed; revenue cannot be distributed to it."]],
    ['Recognition end date {date} is before the recognition start date {date}', ['Recognition end date 2026-09-30 is before the recognition start date 2026-10-01', 'Recognition end date 2027-01-01T00:00:00Z is before the recognition start date 2027-02-01T00:00:00Z']],
  ],
  DeleteRevenueSchedule: [
    ['Revenue schedule {id} cannot be deleted because it is included in a summary journal entry', ['Revenue schedule RS-00030001 cannot be deleted because it is included in a summary journal entry', 'Revenue schedule RS-00030024 cannot be deleted because it is included in a summary journal entry']],
    ['Cannot find entity by key: {value}.', ["Cannot find entity by key: 'RS-00030099'.", "Cannot find entity by key: '2c92c0f96abc17de016abd62bd0c4a1b'."]],
  ],
  ImportFXRate: [
    ['Invalid currency code: {code} is not an active currency', ['Invalid currency code: XXX is not an active currency', 'Invalid currency code: JPY is not an active currency', 'Invalid currency code: US1 is not an active currency']],
    ['An exchange rate from {code} to {code} on {date} already exists', ['An exchange rate from USD to EUR on 2026-11-01 already exists', 'An exchange rate from USD to JPY on 2026-11-30 already exists', 'An exchange rate from GBP to CHF on Nov 30, 2026 already exists']],
    ['Invalid exchange rate {number}: the rate must be a positive number', ['Invalid exchange rate 0.810000: the rate must be a positive number', 'Invalid exchange rate -1: the rate must be a positive number']],
    ['Provider Exchange Rate Date {date} is not a valid date (YYYY-MM-DD)', ['Provider Exchange Rate Date 2026-13-01 is not a valid date (YYYY-MM-DD)', 'Provider Exchange Rate Date 11/31/2026 is not a valid date (YYYY-MM-DD)']],
  ],
  MPU: [
    ['Account {id} not found', ['Account A00010005 not found', 'Account A00010041 not found']],
    ['The payment amount {number} exceeds the balance of invoice {id}', ['The payment amount 124.00 exceeds the balance of invoice INV00055005', 'The payment amount 1,049.50 exceeds the balance of invoice INV00055116']],
    ['Payment Method {id} is not active.', ['Payment Method 2c92c0f8620b3e2f01621d0b7a6b23c8 is not active.', 'Payment Method 2c92c0f8620b3e2f01621d0b7a6b99f1 is not active.']],
    ['Transaction declined: gateway response code {code} (Do Not Honor)', ['Transaction declined: gateway response code 05 (Do Not Honor)', 'Transaction declined: gateway response code 2005 (Do Not Honor)']],
    ['Payment Date {date} is before the creation date of account {id}', ['Payment Date 2026-11-28 is before the creation date of account A00010005', 'Payment Date 2026-10-01 is before the creation date of account A00099999']],
    ['Invalid Payment Invoice {value}: the amounts must add up to the Payment Amount {number}', ["Invalid Payment Invoice 'INV00000123:100.00|INV00000124:50.00': the amounts must add up to the Payment Amount 175.00", "Invalid Payment Invoice 'INV00000200:10.00': the amounts must add up to the Payment Amount 12.00"]],
  ],
};

// Messages that look alike but are different failures: each must keep a template of its own.
const DIFFERENT_TEMPLATES: Array<[reason: string, messages: string[]]> = [
  ['different object types', ['Invoice Item 8a8aa1b2000000000000000000000007 not found', 'Invoice Item Adjustment 8a8aa1b2000000000000000000000007 not found', 'Credit Memo Item 8a8aa1b2000000000000000000000007 not found', 'Taxation Item 8a8aa1b2000000000000000000000007 not found']],
  ['different wording around the placeholder', ['Revenue schedule RS-00020006 not found', 'Revenue schedule RS-00020006 has revenue distributed in a closed accounting period', 'Revenue schedule RS-00020006 cannot be deleted because it is included in a summary journal entry']],
  ['different gateway declines', ['Transaction declined by the payment gateway: Insufficient Funds', 'Transaction declined by the payment gateway: Expired Card', '1000-Generic Processor Error: 1000-Internal Error', '12--Declined', '13--Invalid amount']],
  ['different quoted field names', ["Invalid value 'abc' for field 'Exchange Rate'", "Invalid value 'abc' for field 'Currency (To)'", 'The field "Payment Amount" is required', 'The field "Currency" is required']],
  ['capitals that are names, not currencies', ['The UOM is missing', 'The QTY is missing', 'The ACCOUNT_ID does not match']],
  ['a plain word after "code", not a code', ['Invalid accounting code format', 'Invalid accounting code length', 'Invalid accounting code 41017']],
  ['the placeholder kinds themselves', ['Invoice Item INV00000123 not found', 'Invoice Item 123 not found', "Invoice Item 'X' not found", 'Invoice Item 2026-11-28 not found']],
];

describe('the template of an error message', () => {
  it.each(Object.entries(SAME_TEMPLATE))('merges the messages of %s that differ only in their values', (_type, cases) => {
    for (const [template, messages] of cases) {
      expect(messages.map(messageTemplate), template).toEqual(messages.map(() => template));
    }
  });

  it('gives every message the sandbox writes, for every action type, one template per kind of failure', () => {
    const templates = new Map<ActionType, Set<string>>();
    for (const actionType of ACTION_TYPES) {
      const found = new Set<string>();
      for (let row = 0; row < 500; row++) {
        // Rows as a finance team's file holds them: every record its own key, number and value.
        const cells: Record<string, string> = {
          'Object Key': `8a8aa1b2${String(row).padStart(24, '0')}`, 'Object Type': row % 3 ? 'Invoice Item' : 'Credit Memo Item',
          'Deferred Revenue Accounting Code': String(24100 + (row % 37)), 'Recognized Revenue Accounting Code': String(41000 + (row % 53)),
          'Charge Number': `C-${String(700_000 + row).padStart(8, '0')}`, 'Recognition Start Date': `2026-${String(1 + (row % 12)).padStart(2, '0')}-01`,
          'Revenue Schedule Number': `RS-${String(20_000 + row).padStart(8, '0')}`, 'Currency (From)': 'USD', 'Currency (To)': ['EUR', 'GBP', 'JPY'][row % 3] ?? 'EUR',
          'Provider Exchange Rate Date': `2026-11-${String(1 + (row % 28)).padStart(2, '0')}`, 'Exchange Rate': (0.8 + row / 1000).toFixed(6),
          'Account Number': `A${String(10_000 + row).padStart(8, '0')}`, Amount: (99 + row * 25).toFixed(2), 'Invoice Number': `INV${String(55_000 + row).padStart(8, '0')}`,
        };
        found.add(messageTemplate(describeFailure(actionType, ROW_FAILED, (column) => cells[column] ?? '', row).message));
      }
      found.add(messageTemplate(describeFailure(actionType, ROW_FAILED_BY_GROUP, () => '', 0).message));
      templates.set(actionType, found);
    }
    expect(Object.fromEntries([...templates].map(([type, found]) => [type, [...found].sort()]))).toEqual({
      UpdateAccountingCode: [
        GROUP_FAILED_MESSAGE, 'Credit Memo Item {id} is in a closed accounting period', 'Credit Memo Item {id} not found', 'Invalid accounting code: {code} does not exist',
        'Invoice Item {id} is in a closed accounting period', 'Invoice Item {id} not found', 'The accounting code {code} is not active in the chart of accounts',
      ],
      CreateRevenueSchedule: [GROUP_FAILED_MESSAGE, 'Charge {id} not found', 'The recognition start date {date} is in a closed accounting period', 'The revenue schedule amount must not be zero'],
      UpdateRevenueSchedule: [GROUP_FAILED_MESSAGE, 'Revenue schedule {id} has revenue distributed in a closed accounting period', 'Revenue schedule {id} not found'],
      DeleteRevenueSchedule: [GROUP_FAILED_MESSAGE, 'Revenue schedule {id} cannot be deleted because it is included in a summary journal entry', 'Revenue schedule {id} not found'],
      ImportFXRate: [GROUP_FAILED_MESSAGE, 'An exchange rate from {code} to {code} on {date} already exists', 'Invalid currency code: {code} is not an active currency', 'Invalid exchange rate {number}: the rate must be a positive number'],
      MPU: [
        GROUP_FAILED_MESSAGE, 'Account {id} not found', 'The payment amount {number} exceeds the balance of invoice {id}',
        'Transaction declined by the payment gateway: Expired Card', 'Transaction declined by the payment gateway: Insufficient Funds',
      ],
    });
  });

  it.each(DIFFERENT_TEMPLATES)('keeps apart messages with %s', (_reason, messages) => {
    expect(new Set(messages.map(messageTemplate)).size).toBe(messages.length);
  });

  it('keeps the words, the punctuation and the apostrophes as written', () => {
    expect(messageTemplate("The customer's invoice INV00000123 can't be paid: 1,200.00 > 1,000.00")).toBe("The customer's invoice {id} can't be paid: {number} > {number}");
    expect(messageTemplate('Invoice (INV00000123), credit memo [CM00000012]; payment #P-00000042.')).toBe('Invoice ({id}), credit memo [{id}]; payment #{id}.');
    expect(messageTemplate('Amount $1,250.00 is over the 10% tolerance')).toBe('Amount ${number} is over the {number}% tolerance');
    expect(messageTemplate('A previous row with the same Group ID failed')).toBe('A previous row with the same Group ID failed');
    expect(messageTemplate('The revenue schedule amount must not be zero')).toBe('The revenue schedule amount must not be zero');
  });

  it('replaces a date or a time, never the digits of an id', () => {
    expect(messageTemplate('Payment 2026-11-28T10:15:00Z was declined at 10:15:00')).toBe('Payment {date} was declined at {date}');
    expect(messageTemplate('Created 2026-11-28 10:15:00 and updated 11/28/2026 10:15 PM')).toBe('Created {date} and updated {date}');
    expect(messageTemplate('The accounting period November 2026 is closed since 1 Dec 2026')).toBe('The accounting period {date} is closed since {date}');
    expect(messageTemplate('Usage for 2026-11 is closed')).toBe('Usage for {date} is closed');
    expect(messageTemplate('Invoice INV-2026-11-0042 not found')).toBe('Invoice {id} not found');
  });

  it('leaves short codes and plain words with digits alone: they are wording, or too short to be ids', () => {
    expect(messageTemplate('The file must be UTF-8 encoded')).toBe('The file must be UTF-8 encoded');
    expect(messageTemplate('3DS authentication failed')).toBe('3DS authentication failed');
  });

  it('templates a blank message, and spaces and line breaks as one space', () => {
    expect(messageTemplate('')).toBe(NO_MESSAGE_TEMPLATE);
    expect(messageTemplate(' \r\n\t')).toBe(NO_MESSAGE_TEMPLATE);
    expect(messageTemplate('  Invoice Item\r\n8a8aa1b2000000000000000000000007   not found ')).toBe('Invoice Item {id} not found');
  });

  it('cuts a very long template, so every group fits in a link', () => {
    const long = messageTemplate(`Validation failed: ${'the value is not allowed here, '.repeat(100)}`);
    expect(long).toHaveLength(MAX_TEMPLATE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(messageTemplate(`${'x'.repeat(MAX_TEMPLATE_LENGTH - 2)}😀 and more`)).toBe(`${'x'.repeat(MAX_TEMPLATE_LENGTH - 2)}…`);
  });

  it('takes linear time on cells no message looks like', () => {
    const cells = ['a1'.repeat(100_000), `${'.'.repeat(200_000)}1`, `1${'.'.repeat(50_000)}a`, `(${'('.repeat(50_000)}1`, "'a".repeat(100_000), `"${'x '.repeat(100_000)}`, `${'code '.repeat(40_000)}1`, '2026-11-'.repeat(25_000), '1:'.repeat(100_000), 'Nov '.repeat(50_000)];
    for (const cell of cells) {
      const started = performance.now();
      messageTemplate(cell);
      expect(performance.now() - started, cell.slice(0, 12)).toBeLessThan(200);
    }
  });

  it('is the same after templating twice, so a template in a link finds its own group', () => {
    for (const cases of Object.values(SAME_TEMPLATE)) for (const [template] of cases) expect(messageTemplate(template)).toBe(template);
  });

  it('splits a template into text and placeholders, for showing them apart', () => {
    expect(templateParts('An exchange rate from {code} to {code} on {date} already exists')).toEqual([
      { text: 'An exchange rate from ', isPlaceholder: false }, { text: '{code}', isPlaceholder: true }, { text: ' to ', isPlaceholder: false },
      { text: '{code}', isPlaceholder: true }, { text: ' on ', isPlaceholder: false }, { text: '{date}', isPlaceholder: true }, { text: ' already exists', isPlaceholder: false },
    ]);
    expect(templateParts('{id} not found {other}')).toEqual([{ text: '{id}', isPlaceholder: true }, { text: ' not found {other}', isPlaceholder: false }]);
  });
});
