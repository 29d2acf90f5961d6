/** Client-side format checks shared by the forms (the server validates again). */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Japanese phone numbers as people type them: digits with optional hyphens, optional leading +. */
export const PHONE_RE = /^\+?\d+(-\d+)*$/;

/** An IPv4 or IPv6 address with an optional prefix length (loosely: the server parses it exactly). */
const ADDRESS_RE = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f:.]*:[0-9a-f:.]*(\/\d{1,3})?)$/i;

/** A network prefix such as 192.168.1.0/24 (the prefix length required). */
export function isCidr(v: string): boolean {
  return ADDRESS_RE.test(v) && v.includes('/');
}

/** Addresses or prefixes separated by commas (142.250.0.0/15,172.217.0.0/16). */
export function isAddressList(v: string): boolean {
  return v.split(',').every((c) => ADDRESS_RE.test(c.trim()));
}

/** A device identity: a serial number or the sender's IP address. */
export const DEVICE_IDENTITY_RE = /^[A-Za-z0-9._:-]+$/;
