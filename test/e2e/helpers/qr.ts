import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

// jsqr is CommonJS with its function on `exports.default`.
const jsQR = jsQRModule.default;

/** Reads the QR code in a screenshot, as a phone camera would; null when there is none. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return result?.data ?? null;
}
