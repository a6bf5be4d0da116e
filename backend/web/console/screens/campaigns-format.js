// The survey campaigns' statuses, in French (their dates: shared/format.js).
import { html } from "../../shared/html.js";

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
