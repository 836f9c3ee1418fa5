// Reads the explorer's digit subset (public/digits.bin, written by web/native/explorer_reference.cpp):
// little-endian "HFDG", uint32 version 1, count, rows, cols; count uint8 labels; count uint32 image
// indices; count bit-packed images (pixel b row-major = bit 7 − b % 8 of byte b / 8; 1 = ink = +1).

/**
 * @typedef {{count: number, rows: number, cols: number, pixels: number,
 *            labels: Uint8Array, indices: Uint32Array, patterns: Float64Array}} DigitSet
 * patterns holds count ±1 images of `pixels` values each, one after the other (column-major N x count).
 */

/** @param {ArrayBuffer} buffer @returns {DigitSet} */
export function parseDigits(buffer) {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== 'HFDG') throw new Error(`digit file: expected the magic HFDG, got ${magic}`);
  const version = view.getUint32(4, true);
  if (version !== 1) throw new Error(`digit file: version ${version}, expected 1`);
  const count = view.getUint32(8, true), rows = view.getUint32(12, true), cols = view.getUint32(16, true);
  const pixels = rows * cols, stride = Math.ceil(pixels / 8);
  const start = 20 + 5 * count;
  if (buffer.byteLength !== start + count * stride) throw new Error('digit file: wrong size');
  const labels = new Uint8Array(buffer.slice(20, 20 + count));
  const indices = new Uint32Array(count);
  for (let k = 0; k < count; k++) indices[k] = view.getUint32(20 + count + 4 * k, true);
  const bytes = new Uint8Array(buffer, start);
  const patterns = new Float64Array(count * pixels);
  for (let k = 0; k < count; k++)
    for (let b = 0; b < pixels; b++)
      patterns[k * pixels + b] = bytes[k * stride + (b >> 3)] & (0x80 >> (b & 7)) ? 1 : -1;
  return { count, rows, cols, pixels, labels, indices, patterns };
}

/** The ±1 digits `which` (indices into the set), one after the other. @param {DigitSet} set @param {number[]} which */
export function pickDigits(set, which) {
  const out = new Float64Array(which.length * set.pixels);
  which.forEach((k, j) => out.set(set.patterns.subarray(k * set.pixels, (k + 1) * set.pixels), j * set.pixels));
  return out;
}
