/**
 * Resolves a caller's `ParseContext` once (zone validity, compiled LAN prefixes) and remembers
 * the result per context object, so the hot path pays only a WeakMap look-up per line.
 */
import { CidrSet } from './net.ts';
import { isValidZone } from './time.ts';
import { vendors, type LineContext, type ParseContext, type Vendor } from './types.ts';

export const DEFAULT_TIMEZONE = 'Asia/Tokyo';

interface Cached {
  timezone: string | undefined;
  lanCidrs: readonly string[] | undefined;
  vendorHint: string | undefined;
  zone: string;
  isZoneValid: boolean;
  lan: CidrSet | null;
  hint: Vendor | null;
}

const cache = new WeakMap<ParseContext, Cached>();

function build(ctx: ParseContext): Cached {
  const zone = ctx.timezone || DEFAULT_TIMEZONE;
  const lan = ctx.lanCidrs && ctx.lanCidrs.length ? new CidrSet(ctx.lanCidrs) : null;
  const hintText = ctx.vendorHint?.toLowerCase();
  return {
    timezone: ctx.timezone,
    lanCidrs: ctx.lanCidrs,
    vendorHint: ctx.vendorHint,
    zone,
    isZoneValid: isValidZone(zone),
    lan: lan && lan.size ? lan : null,
    hint: hintText && (vendors as readonly string[]).includes(hintText) ? (hintText as Vendor) : null,
  };
}

export function resolveContext(ctx: ParseContext): LineContext {
  let c = cache.get(ctx);
  if (!c || c.timezone !== ctx.timezone || c.lanCidrs !== ctx.lanCidrs || c.vendorHint !== ctx.vendorHint) {
    c = build(ctx);
    cache.set(ctx, c);
  }
  return {
    zone: c.zone,
    isZoneValid: c.isZoneValid,
    lan: c.lan,
    vendorHint: c.hint,
    senderIp: ctx.senderIp ?? null,
    receivedAt: ctx.receivedAt ?? NaN,
    lean: ctx.lean === true,
  };
}
