import { describe, expect, it } from 'vitest';
import { isBlankLine, readCsvRecords } from './csv-records';

const text = (value: string) => new TextEncoder().encode(value);

/** The records handed over, with what readCsvRecords answers. */
function read(value: string) {
  const records: string[][] = [];
  const shape = readCsvRecords(text(value), (record, index) => {
    expect(index).toBe(records.length);
    records.push(record);
  });
  return { records, ...shape };
}

/** The bytes of each record, as the bounds cut them. */
function pieces(value: string): string[] {
  const bytes = text(value);
  const { bounds } = readCsvRecords(bytes, () => undefined);
  return bounds.slice(0, -1).map((start, i) => new TextDecoder().decode(bytes.subarray(start, bounds[i + 1])));
}

describe('an upload as CSV records', () => {
  it('parses RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, UTF-8', () => {
    const csv = read('a,b\n"x, y","say ""hi"""\n"line\r\nbreak",Zoë\n');
    expect(csv.records).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['line\r\nbreak', 'Zoë']]);
    expect(csv.quoteError).toBeNull();
  });

  it('knows where each record starts and ends in bytes, BOM, CRLF and multi-byte characters included', () => {
    expect(pieces('\uFEFFa,b\r\n1,"x\r\ny"\r\n2,é\r\n3,4')).toEqual(['a,b\r\n', '1,"x\r\ny"\r\n', '2,é\r\n', '3,4']);
    const csv = read('\uFEFFa,b\r\n1,2\r\n');
    expect(csv.bounds).toEqual([3, 8, 13]);
    expect(csv).toMatchObject({ hasBom: true, lineEnding: '\r\n' });
    expect(read('a,b\n1,2\n')).toMatchObject({ hasBom: false, lineEnding: '\n' });
  });

  it('hands each record over with its end already in the bounds', () => {
    const ends: number[] = [];
    readCsvRecords(text('a,b\n1,2\n'), (_record, index, bounds) => ends.push(bounds[index + 1]!));
    expect(ends).toEqual([4, 8]);
  });

  it('reads CRLF and LF mixed in one file as line ends, never a lone LF as part of a cell', () => {
    expect(read('a,b\r\n1,2\n3,4\r\n').records).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('hands over rows of another length, for the check to report', () => {
    expect(read('a,b\n1\n1,2,3\n').records).toEqual([['a', 'b'], ['1'], ['1', '2', '3']]);
  });

  it('tells a blank line from a quoted empty cell', () => {
    const csv = read('a\n""\n\nx\n\r\n');
    expect(csv.records).toEqual([['a'], [''], [''], ['x'], ['']]);
    expect([1, 2, 3, 4].map((i) => isBlankLine(csv.records[i]!, csv.bounds[i + 1]! - csv.bounds[i]!))).toEqual([false, true, false, true]);
  });

  it('stops at an unclosed quote, with the records before it and where the broken one starts', () => {
    const csv = read('a,b\n1,2\n3,"open\n4,5\n');
    expect(csv.records).toEqual([['a', 'b'], ['1', '2']]);
    expect(csv.quoteError).toEqual({ kind: 'unclosed', recordStart: 8, record: 2, field: 1 });
  });

  it('stops at a stray quote inside a cell or after a closing one', () => {
    expect(read('a,b\n1,x"y\n').quoteError).toEqual({ kind: 'stray', recordStart: 4, record: 1, field: 1 });
    expect(read('a,b\n"1"x,2\n').quoteError).toMatchObject({ kind: 'stray', recordStart: 4, record: 1 });
    expect(read('"a,b\n').quoteError).toMatchObject({ kind: 'unclosed', recordStart: 0, record: 0 });
  });
});
