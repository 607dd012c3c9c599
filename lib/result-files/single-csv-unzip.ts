import 'server-only';
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { formatCount } from '../format';
import { ResultFileError } from './errors';
import { formatBytes } from './limits';
import { readZipDirectory, TailKeeper } from './zip-directory';

const LOCAL_FILE_HEADER = 0x04034b50;
const EMPTY_ZIP_END_RECORD = 0x06054b50;
// One push into fflate inflates at most ~1,032 times its size: small slices keep a bomb's burst small.
const SLICE_BYTES = 16 * 1024;
// zlib.crc32 arrived in Node 20.15; on older versions the size check alone remains.
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * Zip bytes in, the bytes of its one CSV out. Refuses anything else Zuora would not send: not a zip,
 * no entry, a second entry, an entry that is not a .csv, more CSV than the cap, a zip cut short or damaged.
 */
export class SingleCsvUnzip extends Transform {
  csvName: string | null = null;
  private zipBytes = 0;
  private csvBytes = 0;
  private crc = 0;
  private entryCount = 0;
  private isFinal = false;
  private readonly start: Uint8Array[] = [];
  private readonly tail = new TailKeeper();
  private readonly unzip = new Unzip((file) => this.onEntry(file));

  constructor(private readonly maxCsvBytes: number) {
    super();
    this.unzip.register(UnzipInflate);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.zipBytes += chunk.byteLength;
      this.tail.add(chunk);
      if (this.zipBytes - chunk.byteLength < 4) {
        // Hold the first bytes back until the signature can be checked.
        this.start.push(chunk);
        if (this.zipBytes < 4) return done();
        const head = Buffer.concat(this.start.splice(0));
        checkSignature(head);
        this.feed(head);
      } else {
        this.feed(chunk);
      }
      done();
    } catch (error) {
      done(this.explain(error));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.zipBytes < 4) throw notZip(Buffer.concat(this.start));
      this.isFinal = true;
      this.unzip.push(new Uint8Array(0), true);
      this.verifyDirectory();
      done();
    } catch (error) {
      done(this.explain(error));
    }
  }

  private feed(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.byteLength; at += SLICE_BYTES) this.unzip.push(bytes.subarray(at, at + SLICE_BYTES), false);
  }

  private onEntry(file: UnzipFile): void {
    this.entryCount += 1;
    if (file.name.endsWith('/')) return; // a folder entry holds no data
    if (this.csvName !== null) {
      throw new ResultFileError('several_entries', `The result zip holds more than one file ("${this.csvName}", then "${file.name}"); Zuora's result zip holds exactly one CSV.`);
    }
    if (!/\.csv$/i.test(file.name)) throw new ResultFileError('not_csv', `The result zip holds "${file.name}", which is not a CSV file.`);
    this.csvName = file.name;
    if (file.originalSize !== undefined && file.originalSize > this.maxCsvBytes) throw this.tooLarge(file.originalSize);
    file.ondata = (error, data) => {
      if (error) throw error;
      this.csvBytes += data.byteLength;
      if (this.csvBytes > this.maxCsvBytes) throw this.tooLarge(null);
      if (crc32) this.crc = crc32(data, this.crc);
      this.push(data);
    };
    file.start();
  }

  private verifyDirectory(): void {
    if (this.csvName === null) throw new ResultFileError('empty_zip', 'The result zip is empty: it holds no CSV file.');
    const directory = readZipDirectory(this.tail.bytes, this.zipBytes);
    if (directory === null) {
      throw new ResultFileError('truncated_zip', `The result zip is truncated: it ends after ${formatCount(this.zipBytes)} bytes without its closing directory, so the download was probably cut short.`);
    }
    if (directory.entryCount !== this.entryCount) {
      throw new ResultFileError('corrupt_zip', `The result zip is damaged: its directory lists ${directory.entryCount} entries but ${this.entryCount} were found in it.`);
    }
    const entry = directory.entries.find((e) => e.name === this.csvName);
    const isSizeKnown = entry !== undefined && entry.uncompressedSize !== 0xffffffff;
    if ((isSizeKnown && entry.uncompressedSize !== this.csvBytes) || (entry && crc32 && entry.crc32 !== this.crc)) {
      throw new ResultFileError('corrupt_zip', `The result zip is damaged: "${this.csvName}" does not match the size and checksum its directory records.`);
    }
  }

  /** fflate's own errors, in words: at the end of the input they mean it stopped short. */
  private explain(error: unknown): ResultFileError {
    if (error instanceof ResultFileError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    if (this.isFinal) {
      return new ResultFileError('truncated_zip', `The result zip is truncated: it ends in the middle of "${this.csvName ?? 'its first entry'}" after ${formatCount(this.zipBytes)} bytes (${detail}).`);
    }
    return new ResultFileError('corrupt_zip', `The result zip is damaged: its compressed data cannot be read (${detail}).`);
  }

  private tooLarge(size: number | null): ResultFileError {
    const what = size === null ? `more than ${formatBytes(this.maxCsvBytes)}` : formatBytes(size);
    return new ResultFileError('uncompressed_too_large', `The CSV inside the result zip unzips to ${what}, over the console's limit of ${formatBytes(this.maxCsvBytes)} (a zip bomb or a far larger file than Zuora produces).`);
  }
}

function checkSignature(head: Uint8Array): void {
  const signature = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
  if (signature !== LOCAL_FILE_HEADER && signature !== EMPTY_ZIP_END_RECORD) throw notZip(head);
}

function notZip(head: Uint8Array): ResultFileError {
  if (head.byteLength === 0) return new ResultFileError('not_zip', 'The result file is empty (0 bytes), not a zip archive.');
  const text = Buffer.from(head.subarray(0, 60)).toString('latin1').replace(/[^\x20-\x7e]/g, '·');
  const hint = /^\s*</.test(text) ? ' It looks like an HTML page, perhaps an error page from a proxy.' : '';
  return new ResultFileError('not_zip', `The result file is not a zip archive: it begins with "${text}".${hint}`);
}
