import { describe, expect, it } from 'vitest';
import { checkHeader, checkRequiredCells } from './column-check';

const codes = (found: { code: string }[]) => found.map((f) => f.code);

describe('an upload header against its action type', () => {
  it('marks each column informational, required, known or unknown, in the header order', () => {
    const { columns, problems, warnings } = checkHeader(['# Reviewer', 'Object Key', 'Group ID', 'Object Type', 'Cost Center', '#Ticket'], 'UpdateAccountingCode');
    expect(columns.map((c) => [c.index, c.name, c.kind])).toEqual([
      [0, '# Reviewer', 'informational'], [1, 'Object Key', 'required'], [2, 'Group ID', 'known'],
      [3, 'Object Type', 'required'], [4, 'Cost Center', 'unknown'], [5, '#Ticket', 'informational'],
    ]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([{ code: 'unknown_columns', message: expect.stringContaining('the column "Cost Center" for Update accounting codes. It is sent to Zuora as it is') }]);
  });

  it('takes a file of only the ✱ columns, in any order, without a word', () => {
    expect(checkHeader(['Exchange Rate', 'Currency (To)', 'Currency (From)', 'Provider Exchange Rate Date'], 'ImportFXRate')).toMatchObject({ problems: [], warnings: [] });
  });

  it('refuses a file without a required column, naming every one missing and the columns it has', () => {
    const { problems } = checkHeader(['Currency (From)', 'Rate'], 'ImportFXRate');
    expect(problems).toEqual([{
      code: 'missing_columns',
      message: 'The header lacks the columns "Provider Exchange Rate Date", "Currency (To)" and "Exchange Rate", which every Import FX rates file needs. Its columns are "Currency (From)" and "Rate".',
    }]);
  });

  it('requires one of Subscription Charge Key and Linked Transaction Key for CreateRevenueSchedule, either will do', () => {
    expect(checkHeader(['Subscription Charge Key', 'Amount'], 'CreateRevenueSchedule').problems).toEqual([]);
    expect(checkHeader(['Linked Transaction Type', 'Linked Transaction Key'], 'CreateRevenueSchedule').problems).toEqual([]);
    const { problems, columns } = checkHeader(['Linked Transaction Type', 'Amount'], 'CreateRevenueSchedule');
    expect(problems).toEqual([{ code: 'missing_columns', message: expect.stringContaining('The header has neither "Subscription Charge Key" nor "Linked Transaction Key": each Create revenue schedules row needs one of them.') }]);
    expect(columns.map((c) => c.kind)).toEqual(['known', 'unknown']);
    expect(checkHeader(['Linked Transaction Key'], 'CreateRevenueSchedule').columns[0]?.kind).toBe('required');
  });

  it('refuses a required column written with other capitals or spaces around it, saying exactly what differs', () => {
    const { problems, columns } = checkHeader(['object key', ' Object Type '], 'UpdateAccountingCode');
    expect(problems).toEqual([
      { code: 'column_name_mismatch', message: `Column 1 is "object key", not "Object Key" (different capitals): Zuora's headers are exact, and whether it ignores case and spaces is unconfirmed, so rename it to "Object Key".` },
      { code: 'column_name_mismatch', message: `Column 2 is " Object Type ", not "Object Type" (spaces around it): Zuora's headers are exact, and whether it ignores case and spaces is unconfirmed, so rename it to "Object Type".` },
    ]);
    // Not also reported as missing: one message per column.
    expect(columns.map((c) => [c.kind, c.note])).toEqual([['unknown', 'Looks like "Object Key".'], ['unknown', 'Looks like "Object Type".']]);
    expect(checkHeader(['Object  Key', 'Object Type'], 'UpdateAccountingCode').problems[0]?.message).toContain('(extra spaces inside it)');
    expect(checkHeader(['OBJECT KEY ', 'Object Type'], 'UpdateAccountingCode').problems[0]?.message).toContain('(spaces around it, different capitals)');
  });

  it('refuses one of a required-one-of pair written with other capitals when the other is absent', () => {
    expect(codes(checkHeader(['linked transaction key'], 'CreateRevenueSchedule').problems)).toEqual(['column_name_mismatch']);
  });

  it('only warns of an optional column written with other capitals: Zuora may ignore it, as it would any unknown column', () => {
    const { problems, warnings } = checkHeader(['Object Key', 'Object Type', 'group id', 'revenue schedule:Region'], 'UpdateAccountingCode');
    expect(problems).toEqual([]);
    expect(warnings).toEqual([{ code: 'column_name_mismatch', message: 'Column 3 is "group id", not "Group ID" (different capitals): if Zuora matches headers exactly it ignores this column, so rename it to "Group ID".' }, expect.objectContaining({ code: 'unknown_columns' })]);
    const custom = checkHeader(['Revenue Schedule Number', 'Revenue Schedule:Region', 'revenue schedule:Owner'], 'UpdateRevenueSchedule');
    expect(custom.columns.map((c) => c.kind)).toEqual(['required', 'known', 'unknown']);
    expect(custom.warnings[0]?.message).toContain('not "Revenue Schedule:Owner"');
  });

  it('warns of a look-alike of a column the file also has', () => {
    const { problems, warnings } = checkHeader(['Object Key', 'Object Type', 'object key'], 'UpdateAccountingCode');
    expect(problems).toEqual([]);
    expect(warnings[0]?.message).toBe('Column 3 is "object key", not "Object Key" (different capitals), and the file has "Object Key" too: Zuora may read it as a second "Object Key". Rename or remove it.');
  });

  it('refuses a required or known column given twice, warns of an unknown one, and lets # columns repeat', () => {
    const { problems, warnings } = checkHeader(['Object Key', 'Object Type', 'Object Key', 'Group ID', 'Group ID', 'Group ID', 'Notes', 'Notes', '#', '#'], 'UpdateAccountingCode');
    expect(problems).toEqual([
      { code: 'duplicate_columns', message: '"Object Key" appears twice (columns 1 and 3): Zuora would read only one of them, and which is unconfirmed. Keep one.' },
      { code: 'duplicate_columns', message: '"Group ID" appears 3 times (columns 4, 5 and 6): Zuora would read only one of them, and which is unconfirmed. Keep one.' },
    ]);
    expect(warnings).toEqual([
      { code: 'duplicate_columns', message: '"Notes" appears twice (columns 7 and 8): Zuora may read either, or refuse the file. Keep one.' },
      { code: 'unknown_columns', message: expect.stringContaining('the column "Notes" for') },
    ]);
  });

  it('warns of columns without a name', () => {
    expect(checkHeader(['Revenue Schedule Number', '', ' '], 'DeleteRevenueSchedule').warnings).toEqual([
      { code: 'unnamed_columns', message: 'Columns 2 and 3 have no name. Zuora may refuse the file or ignore them: name them, or start the name with # to mark them informational.' },
    ]);
  });

  it("marks Zuora's own response columns apart: the file may be a response file sent back", () => {
    const { columns, responseColumns, warnings } = checkHeader(['Revenue Schedule Number', 'Success', 'Error Message'], 'DeleteRevenueSchedule');
    expect(responseColumns.map((c) => c.name)).toEqual(['Success', 'Error Message']);
    expect(columns[1]).toEqual({ index: 1, name: 'Success', kind: 'unknown', note: 'Zuora writes this column in its response file.' });
    expect(codes(warnings)).toEqual([]);
    expect(checkHeader(['Subscription Charge Key', 'Revenue Schedule Number'], 'CreateRevenueSchedule').responseColumns.map((c) => c.name)).toEqual(['Revenue Schedule Number']);
  });

  it('says a file separated by semicolons is one, when its header is one column', () => {
    const { problems } = checkHeader(['Object Key;Object Type'], 'UpdateAccountingCode');
    expect(problems[0]?.message).toContain('the file seems separated by semicolons, and Zuora takes commas');
    expect(checkHeader(['Object Key\tObject Type'], 'UpdateAccountingCode').problems[0]?.message).toContain('separated by tabs');
  });

  it('lists at most 12 columns of a wide header', () => {
    const header = Array.from({ length: 40 }, (_, i) => `C${i}`);
    expect(checkHeader(header, 'MPU').problems[0]?.message).toContain('"C11" and 28 more.');
  });
});

describe("an upload's required cells", () => {
  const header = ['Object Key', 'Object Type', 'Deferred Revenue Accounting Code'];

  it('names the rows where a required cell is blank (spaces count as blank), and how many', () => {
    const rows = [['K1', 'Invoice Item', ''], ['', 'Invoice Item', '24100'], ['K3', '  ', ''], ['', '', ''], ...Array.from({ length: 10 }, () => ['', 'Payment', ''])];
    expect(checkRequiredCells(header, rows, 'UpdateAccountingCode')).toEqual([
      { code: 'blank_required_cells', message: '"Object Key" is blank in rows 2, 4, 5, 6, 7 and 7 more: Zuora will fail those rows.' },
      { code: 'blank_required_cells', message: '"Object Type" is blank in rows 3 and 4: Zuora will fail those rows.' },
    ]);
  });

  it('names the rows that give neither column of a required-one-of pair', () => {
    const rows = [['SCK-1', ''], ['', 'INV-1'], ['', '']];
    expect(checkRequiredCells(['Subscription Charge Key', 'Linked Transaction Key'], rows, 'CreateRevenueSchedule')).toEqual([
      { code: 'blank_required_cells', message: 'Neither "Subscription Charge Key" nor "Linked Transaction Key" is given in row 3: Zuora will fail that row.' },
    ]);
    expect(checkRequiredCells(['Linked Transaction Key'], [['INV-1'], ['']], 'CreateRevenueSchedule')[0]?.message).toContain('in row 2');
  });

  it('says nothing when every row has its required cells', () => {
    expect(checkRequiredCells(header, [['K1', 'Payment', '']], 'UpdateAccountingCode')).toEqual([]);
  });
});
