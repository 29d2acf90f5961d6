/** What the company list's free-text search matches: name, e-mail, address and phone, NFKC-folded and lower-cased. */
export function normaliseSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function companySearchText(c: { name: string; email: string | null; address: string | null; phone: string | null }): string {
  return normaliseSearch([c.name, c.email, c.address, c.phone].filter(Boolean).join(' '));
}
