import { IntlMessageFormat } from 'intl-messageformat';
import { LRUCache } from 'lru-cache';

/** What a pack says about its notifications (the `notifications` section). */
export interface NotificationSettings {
  defaultLocale?: string;
  templates?: Record<string, Record<string, string>>;
  batch?: Record<string, { windowSeconds: number }>;
  /** Kinds or families this tenant never records. */
  mute?: string[];
}

const compiled = new LRUCache<string, IntlMessageFormat>({ max: 5_000 });

/**
 * A notification's title in the user's locale from the pack's templates (ICU MessageFormat), or
 * undefined when the pack has none for the kind (the built-in English title stays). A template
 * that fails on these values (a variable missing) falls back to the built-in title too: a title
 * never blocks a notification. Locale fallback: the user's (`vi-VN` → `vi`), then the pack's default.
 */
export function renderTitle(settings: NotificationSettings | undefined, kind: string, locale: string | null, vars: Record<string, unknown>): string | undefined {
  const byLocale = settings?.templates?.[kind];
  if (!byLocale) return undefined;
  const fallback = settings?.defaultLocale ?? 'en';
  const candidates = [locale, locale?.split('-')[0], fallback, fallback.split('-')[0], ...Object.keys(byLocale)].filter((l): l is string => !!l);
  const chosen = candidates.find((l) => byLocale[l] !== undefined);
  if (!chosen) return undefined;
  const source = byLocale[chosen]!;
  const cacheKey = `${chosen}\u0000${source}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    try {
      format = new IntlMessageFormat(source, chosen);
    } catch {
      return undefined;
    }
    compiled.set(cacheKey, format);
  }
  try {
    const values = Object.fromEntries(Object.entries(vars).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'));
    const out = format.format(values as Record<string, string | number>);
    return typeof out === 'string' ? out : String(out);
  } catch {
    return undefined;
  }
}
