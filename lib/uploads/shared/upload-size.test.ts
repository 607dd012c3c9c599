import { describe, expect, it } from 'vitest';
import { describeOverLimit, formatSize, MAX_UPLOAD_BYTES } from './upload-size';

describe("Zuora's upload limit", () => {
  it('is 4 binary megabytes', () => {
    expect(MAX_UPLOAD_BYTES).toBe(4_194_304);
  });

  it('lets a file of exactly 4 MB through, and says by how much a larger one is over', () => {
    expect(describeOverLimit(MAX_UPLOAD_BYTES)).toBeNull();
    expect(describeOverLimit(MAX_UPLOAD_BYTES + 1)).toBe("The file is 4.1 MB (4,194,305 bytes), 1 byte over Zuora's limit of 4 MB (4,194,304 bytes).");
    expect(describeOverLimit(MAX_UPLOAD_BYTES + 300 * 1024)).toBe("The file is 4.3 MB (4,501,504 bytes), 300 KB over Zuora's limit of 4 MB (4,194,304 bytes).");
    expect(describeOverLimit(9 * 1024 * 1024)).toContain('5 MB over');
  });

  it('writes sizes in bytes, KB or MB, rounded up so a size over a limit never reads as the limit', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1023)).toBe('1,023 bytes');
    expect(formatSize(1024)).toBe('1 KB');
    expect(formatSize(1025)).toBe('2 KB');
    expect(formatSize(1024 * 1024)).toBe('1 MB');
    expect(formatSize(1024 * 1024 + 1)).toBe('1.1 MB');
    expect(formatSize(25.25 * 1024 * 1024)).toBe('25.3 MB');
  });
});
