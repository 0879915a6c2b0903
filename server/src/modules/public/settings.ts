/** A fixed-window limit: at most `max` hits per `windowSeconds`. */
export interface Rule {
  max: number;
  windowSeconds: number;
}

export interface PublicReportSettings {
  /**
   * Leading zero bits the proof of work needs: 2^n hashes on average. At 15,
   * measured in Chromium on this machine's CPU: mean 12 ms (99th percentile
   * 84 ms); slowed 6× as a low-end phone, mean 79 ms (99th percentile 371 ms).
   * The page solves while the citizen types, so nobody waits for it.
   */
  powDifficulty: number;
  /** How long a challenge may be solved and used. */
  challengeTtlSeconds: number;
  limits: {
    /** Every POST of the form from one address, counted before its (large) body is read. */
    attemptsPerIp: Rule;
    /** Cases filed from one address. */
    filingsPerIp: Rule;
    /** Cases filed with one phone number, from anywhere. */
    filingsPerPhone: Rule;
    /** Challenges and tracking look-ups from one address. */
    lookupsPerIp: Rule;
  };
  /** Prefix of the counters' Redis keys. */
  keyPrefix: string;
}

/** What a caller may override (tests, a bureau tuning its form). */
export type PublicReportOptions = Partial<Omit<PublicReportSettings, 'limits'>> & {
  limits?: Partial<PublicReportSettings['limits']>;
};

/**
 * The district bureau receives a few complaints a day through the web, and
 * mobile networks put many people behind one address (carrier NAT): the
 * per-address limits leave room for a busy street, the per-phone one for a
 * citizen reporting several problems on a walk.
 */
export const DEFAULT_PUBLIC_REPORT_SETTINGS: PublicReportSettings = {
  powDifficulty: 15,
  challengeTtlSeconds: 15 * 60,
  limits: {
    attemptsPerIp: { max: 30, windowSeconds: 10 * 60 },
    filingsPerIp: { max: 10, windowSeconds: 60 * 60 },
    filingsPerPhone: { max: 5, windowSeconds: 24 * 60 * 60 },
    lookupsPerIp: { max: 120, windowSeconds: 60 },
  },
  keyPrefix: 'civic:public:',
};

export function publicReportSettings(options: PublicReportOptions = {}): PublicReportSettings {
  return {
    ...DEFAULT_PUBLIC_REPORT_SETTINGS,
    ...options,
    limits: { ...DEFAULT_PUBLIC_REPORT_SETTINGS.limits, ...options.limits },
  };
}
