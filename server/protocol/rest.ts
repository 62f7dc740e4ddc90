/** Shapes of the REST answers (server/routes/api.ts) that the setup page reads. */
import type { Localized } from './contestFile';

/** A judge link with its QR code, as GET /api/setup/judges sends it. */
export interface JudgeLink {
  id: number;
  key: string;
  name: string;
  affiliation: string | null;
  link: string;
  qrSvg: string;
}

export interface SetupLinks {
  judges: JudgeLink[];
  links: { host: string; screen: string; ceremony: string };
}

/** The hash chain over the audit records, checked record by record. */
export type ChainCheck = { ok: true; records: number; head: string } | { ok: false; records: number; brokenAt: number; reason: string };

/** The results recomputed from the audit records alone, compared with the live ones. */
export interface ReplayCheck {
  ok: boolean;
  /** One line per track where they differ (empty when they agree). */
  differences: string[];
}

/** GET /api/export/audit.json */
export interface AuditExport<R = unknown> {
  chain: ChainCheck;
  replay: ReplayCheck;
  records: R[];
}

/** A contest of the installation, as GET /api/setup/contests lists it. */
export interface ContestSummary {
  id: number;
  name: Localized;
  date: string | null;
  venue: Localized | null;
  createdAt: string;
  /** When it was put in the archive; null for a contest in use. */
  archivedAt: string | null;
  /** The contest every screen shows now. */
  served: boolean;
  tracks: number;
  entries: number;
  judges: number;
  submittedSheets: number;
  /** Records in its audit chain. */
  records: number;
}

/** A signature drawn at sign-off, as GET /api/setup/signatures sends it (judges signed off now). */
export interface SignatureView {
  judgeId: number;
  /** The track signed off (a sign-off, and its signature, is per track). */
  track: string;
  /** A PNG data URL. */
  image: string;
  signedAt: string;
}
