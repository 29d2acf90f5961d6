/** Client-side format checks shared by the forms (the server validates again). */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Japanese phone numbers as people type them: digits with optional hyphens, optional leading +. */
export const PHONE_RE = /^\+?\d+(-\d+)*$/;
