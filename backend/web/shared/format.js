// Numbers, shares, dates and periods as French readers write them (fr-FR, the browser's time zone).
// One place for both apps, so a date reads the same on every screen; pure, tested under node.

const number = new Intl.NumberFormat("fr-FR");
const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
const longDay = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" });
const longMoment = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short" });
const mediumMoment = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short" });
const shortMoment = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short" });
const month = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric" });

/**
 * « 12 345,6 », or « — » when there is no value.
 * @param {number | null | undefined} value
 */
export const formatNumber = (value) => (value === null || value === undefined ? "—" : number.format(value));

/**
 * A share (0.42) as « 42 % », or « — ».
 * @param {number | null | undefined} share
 */
export const formatShare = (share) => (share === null || share === undefined ? "—" : percent.format(share));

/**
 * « 3 mai 2025 »; ``empty`` when there is no date.
 * @param {string | null | undefined} iso
 */
export const formatDay = (iso, empty = "—") => (iso ? longDay.format(new Date(iso)) : empty);

/**
 * « 3 mai 2025 à 14:05 »; ``empty`` when there is no date.
 * @param {string | null | undefined} iso
 */
export const formatMoment = (iso, empty = "—") => (iso ? longMoment.format(new Date(iso)) : empty);

/**
 * « 3 mai 2025, 14:05 », the short moment of lists (a report, an outbox item).
 * @param {string} iso
 */
export const formatDate = (iso) => mediumMoment.format(new Date(iso));

/**
 * « 03/05/2025 14:05 »; ``empty`` when there is no date.
 * @param {string | null | undefined} iso
 */
export const formatShortMoment = (iso, empty = "") => (iso ? shortMoment.format(new Date(iso)) : empty);

/**
 * "2025-05" → « mai 2025 ».
 * @param {string | null | undefined} key
 */
export function formatMonth(key) {
  if (!key) return "";
  const [year, monthNumber] = key.split("-").map(Number);
  return month.format(new Date(year, monthNumber - 1, 1));
}

/**
 * « du 3 mai 2025 au 2 mai 2026 »: ``until`` is exclusive (the API's), the label inclusive.
 * @param {string | null | undefined} since
 * @param {string | null | undefined} until
 */
export function periodLabel(since, until) {
  const last = until ? formatDay(new Date(new Date(until).getTime() - 1).toISOString()) : null;
  if (since && until) return `du ${formatDay(since)} au ${last}`;
  if (since) return `depuis le ${formatDay(since)}`;
  if (until) return `jusqu'au ${last}`;
  return "toute la période";
}

/**
 * "2025-03-01" (a date field) → that day's start (or end) in the browser's time zone, ISO.
 * @param {string} value
 */
export function dayToIso(value, end = false) {
  const [y, m, d] = value.split("-").map(Number);
  return (end ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d, 0, 0, 0)).toISOString();
}

/**
 * A Date → "2025-03-01" for a date field, in the browser's time zone.
 * @param {Date} date
 */
export function dateValue(date) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
