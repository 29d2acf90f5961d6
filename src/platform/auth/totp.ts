import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

/** TOTP (RFC 6238, 30 s, 6 digits) for staff two-factor. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpCode(secret: string, at: Date = new Date()): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Accepts the current code and one step either side (clock drift on phones). */
export function verifyTotp(secret: string, token: string, at: Date = new Date()): boolean {
  if (!/^\d{6}$/.test(token)) return false;
  try {
    const r = verifySync({ secret, token, epoch: Math.floor(at.getTime() / 1000), epochTolerance: 30 });
    return r.valid;
  } catch {
    return false;
  }
}

export async function totpEnrolment(secret: string, email: string) {
  const uri = generateURI({ issuer: 'otasuke', label: email, secret });
  const qrDataUrl = await QRCode.toDataURL(uri, { margin: 1, width: 220 });
  return { secret, uri, qrDataUrl };
}
