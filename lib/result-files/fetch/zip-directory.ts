import 'server-only';

// fflate's streaming Unzip reads entries front to back and never looks at the central directory at
// the end of the zip. So a zip cut right after its data would pass, and a flipped bit in stored data
// would go unseen. This reads the end of the zip (kept while streaming) to check both.

const END_RECORD = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_RECORD_SIZE = 22;
/** The end record plus the longest comment a zip may carry: all a reader needs to keep. */
export const ZIP_TAIL_BYTES = END_RECORD_SIZE + 0xffff + 64 * 1024;

export interface DirectoryEntry {
  name: string;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipDirectory {
  entryCount: number;
  /** The entries whose directory records lie inside the kept tail (all of them for a small zip). */
  entries: DirectoryEntry[];
}

/** Reads the directory from the last bytes of a zip of `totalSize` bytes; null when there is no end record. */
export function readZipDirectory(tail: Uint8Array, totalSize: number): ZipDirectory | null {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let at = tail.byteLength - END_RECORD_SIZE; at >= 0 && at >= tail.byteLength - END_RECORD_SIZE - 0xffff; at--) {
    if (view.getUint32(at, true) === END_RECORD) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const entryCount = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  const entries: DirectoryEntry[] = [];
  // Zip64 (a 0xFFFFFFFF offset) holds more than the caps allow; only the entry count is used then.
  let at = directoryOffset === 0xffffffff ? -1 : directoryOffset - (totalSize - tail.byteLength);
  while (at >= 0 && at + 46 <= end && view.getUint32(at, true) === DIRECTORY_ENTRY) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      name: new TextDecoder().decode(tail.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entryCount, entries };
}

/** Keeps the last `limit` bytes of a stream. */
export class TailKeeper {
  private tail = new Uint8Array(0);

  constructor(private readonly limit = ZIP_TAIL_BYTES) {}

  add(chunk: Uint8Array): void {
    if (chunk.byteLength >= this.limit) {
      this.tail = chunk.slice(chunk.byteLength - this.limit);
      return;
    }
    const keep = Math.min(this.tail.byteLength, this.limit - chunk.byteLength);
    const next = new Uint8Array(keep + chunk.byteLength);
    next.set(this.tail.subarray(this.tail.byteLength - keep));
    next.set(chunk, keep);
    this.tail = next;
  }

  get bytes(): Uint8Array {
    return this.tail;
  }
}
