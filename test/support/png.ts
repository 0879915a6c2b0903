import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** An 8-bit RGB PNG whose pixel rows `row(y)` gives (width × 3 bytes each). */
function rgbPng(width: number, height: number, row: (y: number) => Buffer): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), row(y)]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One grey: compresses to almost nothing, whatever its size. */
export function solidPng(width: number, height: number): Buffer {
  const row = Buffer.alloc(width * 3, 0x80);
  return rgbPng(width, height, () => row);
}

/** Random pixels: noise does not compress, so even the phone's shrunk JPEG of it is several upload chunks long. */
export function noisePng(width: number, height: number): Buffer {
  return rgbPng(width, height, () => randomBytes(width * 3));
}
