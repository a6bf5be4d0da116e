// Reference data the report screen needs, kept for offline use: the themes and the outlines of
// the resident's territories (drawn on the map when no map tiles can be loaded).
import { getJson } from "./api.js";
import { call } from "./http.js";
import { cacheFirst, cachedFetch } from "./store.js";

// The thesaurus (its codes are stable): used until the server's list has been read once.
export const THEMES = [
  { code: "proprete", label: "Propreté, déchets" },
  { code: "voirie_eclairage", label: "Voirie, éclairage, accessibilité" },
  { code: "tranquillite", label: "Tranquillité, sécurité" },
  { code: "mobilite", label: "Transports, mobilité" },
  { code: "logement", label: "Logement, habitat" },
  { code: "espaces_verts", label: "Espaces verts, nature, chaleur" },
  { code: "commerces_services", label: "Commerces, services publics" },
  { code: "education_jeunesse", label: "Éducation, jeunesse, petite enfance" },
  { code: "emploi_insertion", label: "Emploi, insertion, formation" },
  { code: "sante", label: "Santé, accès aux soins" },
  { code: "lien_social", label: "Lien social, culture, sport" },
  { code: "numerique", label: "Inclusion numérique" },
];

export const POLARITIES = [
  { code: "difficulte", label: "Une difficulté", short: "Difficulté" },
  { code: "ressource", label: "Une ressource", short: "Ressource" },
  { code: "idee", label: "Une idée", short: "Idée" },
];

export const themeLabel = (themes, code) => (themes.find((t) => t.code === code) || { label: code }).label;
export const polarityLabel = (code) => (POLARITIES.find((p) => p.code === code) || { short: code }).short;

export async function loadThemes() {
  try {
    return await cacheFirst("themes", async () => (await call("/themes")).json(), { refresh: true });
  } catch {
    return THEMES;
  }
}

export async function loadMe() {
  return cachedFetch("me", () => getJson("/me"));
}

/** GeoJSON Features of these territories (cached: fetched once, then read offline). */
export async function loadOutlines(codes) {
  const features = await Promise.all(
    codes.map((code) =>
      cacheFirst(`outline:${code}`, async () =>
        (await call(`/territories/${encodeURIComponent(code)}`, { accept: "application/geo+json" })).json(),
      ).catch(() => null),
    ),
  );
  return features.filter(Boolean);
}

/** A territory's name from its code (cached), for the list of my observations. */
export async function territoryName(code) {
  try {
    const territory = await cacheFirst(`territory:${code}`, async () =>
      (await call(`/territories/${encodeURIComponent(code)}`)).json(),
    );
    return territory.name;
  } catch {
    return code;
  }
}
