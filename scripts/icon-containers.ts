/**
 * The Windows .ico and macOS .icns containers, written from PNGs. Both formats can hold PNG data directly
 * (ICO since Windows Vista, ICNS since OS X 10.7), so no pixel conversion is needed.
 */

export interface SizedPng {
  size: number;
  png: Buffer;
}

/** ICO: a 6-byte header, one 16-byte directory entry per image, then the images. Sizes up to 256. */
export function writeIco(images: readonly SizedPng[]): Buffer {
  const headerSize = 6;
  const entrySize = 16;
  const header = Buffer.alloc(headerSize);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);

  const entries: Buffer[] = [];
  let offset = headerSize + entrySize * images.length;
  for (const { size, png } of images) {
    if (size < 1 || size > 256) throw new Error(`ICO images are 1…256 px, not ${size}.`);
    const entry = Buffer.alloc(entrySize);
    entry.writeUInt8(size === 256 ? 0 : size, 0); // width (0 means 256)
    entry.writeUInt8(size === 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** The ICNS element type for a PNG of each pixel size (the @2x types reuse the larger PNGs). */
export const ICNS_TYPES: ReadonlyArray<{ type: string; size: number }> = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 }, // 256@2x
  { type: 'ic10', size: 1024 }, // 512@2x
];

/** ICNS: 'icns' + total length, then elements of (4-char type, length including this 8-byte header, data). */
export function writeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.map(({ type, size }) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`ICNS needs a ${size}px PNG for ${type}.`);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const body = Buffer.concat(elements);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([header, body]);
}

/** Reads an ICO back into its images (used by the tests to check what was written). */
export function readIco(file: Buffer): Array<{ width: number; height: number; png: Buffer }> {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const at = 6 + index * 16;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    return {
      width: file.readUInt8(at) || 256,
      height: file.readUInt8(at + 1) || 256,
      png: file.subarray(offset, offset + length),
    };
  });
}

/** Reads an ICNS back into its elements. */
export function readIcns(file: Buffer): Array<{ type: string; data: Buffer }> {
  if (file.toString('ascii', 0, 4) !== 'icns' || file.readUInt32BE(4) !== file.length) throw new Error('not an ICNS file');
  const elements: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < file.length; ) {
    const type = file.toString('ascii', at, at + 4);
    const length = file.readUInt32BE(at + 4);
    if (length < 8 || at + length > file.length) throw new Error(`damaged ICNS element ${type}`);
    elements.push({ type, data: file.subarray(at + 8, at + length) });
    at += length;
  }
  return elements;
}
