// « Nouveautés »: what the animateurs answered to my reports and the surveys newly open on my
// territory (kept on the phone for offline reading; the tab's badge counts what I have not seen
// yet), and « Autour de moi »: what neighbours reported on my territory, each report on its
// 100 m public grid cell and without a name — I am not the only one.
import L from "leaflet";
import { useEffect, useRef, useState } from "preact/hooks";
import { getJson } from "../../shared/api.js";
import { polarityLabel, themeLabel } from "../../shared/data.js";
import { formatDate, formatMonth } from "../../shared/format.js";
import { html } from "../../shared/html.js";
import { cache, cachedFetch } from "../../shared/store.js";
import { ScreenTitle, Status } from "../../shared/ui.js";

const MAX_SEEN = 500;
const seenKey = (user) => `news-seen:${user.id}`;
const newsKey = (user) => `news:${user.id}`;

/** The list of news (from the network, else the phone's copy). */
export const loadNews = (user) => cachedFetch(newsKey(user), () => getJson("/me/news"));

/** How many news items this phone has not shown yet (0 when nothing is known). */
export async function countUnseen(user) {
  const items = await loadNews(user).catch(() => []);
  const seen = new Set((await cache.get(seenKey(user))) || []);
  return items.filter((item) => !seen.has(item.id)).length;
}

async function markSeen(user, items) {
  const seen = (await cache.get(seenKey(user))) || [];
  const all = [...new Set([...items.map((item) => item.id), ...seen])].slice(0, MAX_SEEN);
  await cache.set(seenKey(user), all);
}

function NewsItem({ item, fresh }) {
  return html`
    <li class=${"card news-item " + item.kind}>
      <p class="meta">
        ${fresh && html`<span class="badge new">Nouveau</span> `}
        ${item.kind === "enquete" ? "Enquête" : "Suivi de votre observation"} · ${formatDate(item.at)}
      </p>
      <h3>${item.title}</h3>
      ${item.text && html`<p class="reply">${item.text}</p>`}
      ${
        item.kind === "enquete"
          ? html`<a class="button secondary small" href=${"#/enquetes/" + item.campaign_id}>Répondre à l'enquête</a>`
          : html`<a class="button secondary small" href="#/mes-observations">Voir mes observations</a>`
      }
    </li>
  `;
}

const POINT = { radius: 8, weight: 2, color: "#fff", fillOpacity: 0.9 };
const FILL = { difficulte: "#b3261e", ressource: "#1d6b35", idee: "#1558b0" };

function NeighboursMap({ features, outlines, config }) {
  const element = useRef(null);
  useEffect(() => {
    const m = L.map(element.current, { center: [46.6, 2.4], zoom: 5 });
    m.attributionControl.setPrefix(false);
    if (config?.tiles_url)
      L.tileLayer(config.tiles_url, { maxZoom: 19, attribution: config.tiles_attribution }).addTo(m);
    const group = L.featureGroup().addTo(m);
    L.geoJSON(
      { type: "FeatureCollection", features: outlines },
      { style: { color: "#0b5d5b", weight: 2, fillOpacity: 0.05 }, interactive: false },
    ).addTo(group);
    L.geoJSON(
      { type: "FeatureCollection", features },
      {
        pointToLayer: (f, latlng) =>
          L.circleMarker(latlng, { ...POINT, fillColor: FILL[f.properties.polarity] || "#0b5d5b" }),
        interactive: false,
      },
    ).addTo(group);
    const bounds = group.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], maxZoom: 16, animate: false });
    return () => m.remove();
  }, [features, outlines]);
  return html`<div ref=${element} class="map neighbours-map" role="region"
    aria-label=${`Carte : ${features.length} signalement${features.length > 1 ? "s" : ""} de voisins, détaillés dans la liste ci-dessous`}></div>`;
}

function Neighbours({ user, themes, outlines, config }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    cachedFetch(`neighbours:${user.id}`, () => getJson("/observations/neighbours")).then(
      (body) => setState({ features: body.features || [] }),
      (error) => setState({ error }),
    );
  }, [user.id]);
  if (!state) return html`<p class="hint" role="status">Chargement de la carte…</p>`;
  if (state.error) return html`<${Status}>Carte indisponible hors ligne pour l'instant.<//>`;
  const { features } = state;
  if (!features.length)
    return html`<p>Pas encore d'autre signalement relu sur votre territoire : vous êtes parmi les premier·es !</p>`;
  return html`
    <p>${features.length} signalement${features.length > 1 ? "s" : ""} de voisin·es, relus par un animateur. Chaque point est placé au centre d'un carré de 100 m, sans nom.</p>
    <${NeighboursMap} features=${features} outlines=${outlines} config=${config} />
    <details class="neighbours-list">
      <summary>Voir la liste</summary>
      <ul>${features.map(
        (
          f,
        ) => html`<li><strong>${themeLabel(themes, f.properties.theme)}</strong> · ${polarityLabel(f.properties.polarity)} · ${formatMonth(f.properties.month)}
          <br />${f.properties.text}</li>`,
      )}</ul>
    </details>
  `;
}

export function NewsScreen({ user, themes, outlines, config, onSeen }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const seen = new Set((await cache.get(seenKey(user))) || []);
      try {
        const items = await loadNews(user);
        if (!live) return;
        setState({ items, unseen: new Set(items.filter((i) => !seen.has(i.id)).map((i) => i.id)) });
        await markSeen(user, items);
        onSeen?.();
      } catch (error) {
        if (live) setState({ error });
      }
    })();
    return () => (live = false);
  }, [user.id]);

  return html`
    <${ScreenTitle}>Nouveautés<//>
    <section aria-labelledby="news-title">
      <h2 id="news-title" class="section-title">Réponses et enquêtes</h2>
      ${!state && html`<p class="hint" role="status">Chargement…</p>`}
      ${state?.error && html`<${Status}>Hors ligne : les nouveautés s'afficheront au retour du réseau.<//>`}
      ${state?.items?.length === 0 && html`<p>Rien de neuf pour l'instant. Les réponses des animateurs à vos observations et les nouvelles enquêtes apparaîtront ici.</p>`}
      ${state?.items?.length > 0 && html`<ul class="cards">${state.items.map((item) => html`<${NewsItem} key=${item.id} item=${item} fresh=${state.unseen.has(item.id)} />`)}</ul>`}
    </section>
    <section aria-labelledby="neighbours-title">
      <h2 id="neighbours-title" class="section-title">Autour de moi</h2>
      <${Neighbours} user=${user} themes=${themes} outlines=${outlines} config=${config} />
    </section>
  `;
}
