import 'server-only';
import type { Database } from '../../db/database';

// The zip exactly as Zuora served it, kept in the database in 1 MB chunks: every console process
// sharing the database can serve it (a file in one machine's data folder could not), it goes away
// with its import, and streaming it out holds one chunk in memory at a time.
const CHUNK_BYTES = 1024 * 1024;

export class RawZipWriter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private total = 0;

  constructor(
    private readonly db: Database,
    private readonly importId: number,
  ) {}

  get size(): number {
    return this.total;
  }

  async add(chunk: Uint8Array): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    this.total += chunk.byteLength;
    if (this.pendingBytes >= CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.db.insertInto('result_raw_chunks').values({ import_id: this.importId, seq: this.seq++, bytes }).execute();
  }
}

export async function* readRawZip(db: Database, importId: number): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const chunk = await db.selectFrom('result_raw_chunks').select('bytes').where('import_id', '=', importId).where('seq', '=', seq).executeTakeFirst();
    if (!chunk) return;
    yield chunk.bytes;
  }
}
