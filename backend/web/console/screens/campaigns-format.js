// Dates and statuses of the survey campaigns, in French.
import { html } from "../../shared/html.js";

const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" });
const moment = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short" });

export const formatDay = (iso) => (iso ? day.format(new Date(iso)) : "—");
export const formatMoment = (iso) => (iso ? moment.format(new Date(iso)) : "—");

/** The API's status → [label, badge class]. */
export const STATUSES = {
  scheduled: ["À venir", "pending"],
  open: ["Ouverte", "visible"],
  ended: ["Terminée", "ended"],
  closed: ["Close", "hidden"],
};

export function StatusBadge({ campaign }) {
  const [label, kind] = STATUSES[campaign.status] || [campaign.status, ""];
  return html`<span class=${"badge " + kind}>${label}</span>`;
}

/** "2025-03-01" (a date field) → that day's start (or end) in the browser's time zone, ISO. */
export function dayToIso(value, end = false) {
  const [y, m, d] = value.split("-").map(Number);
  return (end ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d, 0, 0, 0)).toISOString();
}

/** A Date → "2025-03-01" for a date field, in the browser's time zone. */
export function dateValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
