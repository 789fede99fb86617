import QRCode from 'qrcode';
import { el } from './dom.ts';

// A QR code a phone camera can read off the TV from across the room (dark on a white quiet zone).

export async function qrElement(url: string, id: string): Promise<HTMLElement> {
  const qr = el('div', { className: 'qr', id });
  qr.innerHTML = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return qr;
}
