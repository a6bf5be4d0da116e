// Line icons (24×24, drawn with the current text colour); always next to a visible label.
import { html } from "./html.js";

const PATHS = {
  proprete: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6",
  voirie_eclairage: "M8 21h8M12 21V7a4 4 0 0 1 4-4h1M14 7h6l-1.5-3h-3z",
  tranquillite: "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4",
  mobilite: "M6 4h12a2 2 0 0 1 2 2v10H4V6a2 2 0 0 1 2-2zM4 11h16M7 16v3M17 16v3M8 13.5h.01M16 13.5h.01",
  logement: "M3 11l9-7 9 7M5 10v10h14V10M10 20v-6h4v6",
  espaces_verts: "M12 21v-7M12 3a6 6 0 0 0-5 9.5 4 4 0 0 0 5 1.5 4 4 0 0 0 5-1.5A6 6 0 0 0 12 3zM8 21h8",
  commerces_services: "M4 9l1.5-5h13L20 9M4 9c0 3 5 3 5 0 0 3 6 3 6 0 0 3 5 3 5 0M5 11v9h14v-9M10 20v-5h4v5",
  education_jeunesse: "M3 5h6a3 3 0 0 1 3 3v12a2 2 0 0 0-2-2H3zM21 5h-6a3 3 0 0 0-3 3v12a2 2 0 0 1 2-2h7z",
  emploi_insertion: "M3 8h18v12H3zM9 8V5h6v3M3 13h18M11 13v2h2v-2",
  sante: "M10 4h4v6h6v4h-6v6h-4v-6H4v-4h6z",
  lien_social: "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M16 11a2.5 2.5 0 1 0 0-5M17 14a5 5 0 0 1 4 6",
  numerique: "M8 3h8a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM11 18h2",
  difficulte: "M12 4l9 16H3zM12 10v4M12 17h.01",
  ressource: "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.5A4 4 0 0 1 19 10c0 5.5-7 10-7 10z",
  idee: "M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9V16h7v-2.1A6 6 0 0 0 12 3z",
  report: "M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12zM12 6v6M9 9h6",
  list: "M8 6h13M8 12h13M8 18h13M3.5 6h.01M3.5 12h.01M3.5 18h.01",
  survey: "M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12l2 2 4-4M8 18h8",
  news: "M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21a2 2 0 0 0 4 0",
  account: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
  camera: "M4 8h3l2-3h6l2 3h3v11H4zM12 17a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z",
  image: "M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M15 9h.01",
  send: "M4 12l16-8-6 16-2.5-6.5zM11.5 13.5L20 4",
  gps: "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v4M12 18v4M2 12h4M18 12h4",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
  edit: "M4 20h4L19 9l-4-4L4 16zM14 6l4 4",
  offline:
    "M3 3l18 18M9 17a4 4 0 0 1 6 0M5.5 13a9 9 0 0 1 4-2.3M14.5 10.7a9 9 0 0 1 4 2.3M2 9.5a14 14 0 0 1 4.3-2.8M12 5a14 14 0 0 1 10 4.5M12 20h.01",
};

export function Icon({ name, size = 24 }) {
  return html`<svg class="icon" width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${PATHS[name] || PATHS.report} /></svg>`;
}
