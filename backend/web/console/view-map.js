// A map of many observations that stays smooth: the server counts them for the current view and
// zoom (GET /observations/map), as cells of a grid drawn on one canvas, or the points themselves
// when they are few (then each is a stop of the Tab key, as on every map of the console). Each
// pan or zoom asks again, cancelling the previous question; a change of filters clears the map
// at once (never the old points under new filters).
import L from "leaflet";
import { useEffect, useRef, useState } from "preact/hooks";
import { getJson } from "../shared/api.js";
import { formatNumber } from "../shared/format.js";
import { html } from "../shared/html.js";
import { query } from "./common.js";

const OUTLINE = { color: "#0b5d5b", weight: 2, fillOpacity: 0.08 };
const POINT = { radius: 7, weight: 2, color: "#fff", fillOpacity: 0.9 };
const CELL = { weight: 1.5, color: "#fff", fillOpacity: 0.75 };
const SVG_POINTS = 100; // up to this many points, each one is a DOM element reachable by keyboard
const FRANCE = { center: [46.6, 2.4], zoom: 5 };

/** The view's box for the API (clamped to the globe). */
function bboxOf(map) {
  const b = map.getBounds();
  const clamp = (v, max) => Math.max(-max, Math.min(max, v));
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)]
    .map((v) => v.toFixed(5))
    .join(",");
}

function dominant(cell, colours) {
  const code = ["difficulte", "ressource", "idee"].reduce((a, b) => (cell[b] > cell[a] ? b : a));
  return colours[code] || "#555";
}

function cellRadius(count, max) {
  return 8 + 18 * Math.sqrt(count / Math.max(1, max));
}

/** ``params``: the filters (one object per filter state); ``popup(point)``: a DOM node. */
export function ViewMap({ params, outlines, colours, popup, config, ready = true }) {
  const element = useRef(null);
  const map = useRef(null);
  const layers = useRef({});
  const [view, setView] = useState(0); // bumped at each moveend
  const [state, setState] = useState({ loading: true, body: null, error: null });
  const canvas = useRef(L.canvas({ padding: 0.2 }));

  useEffect(() => {
    const m = L.map(element.current, FRANCE);
    m.attributionControl.setPrefix(false);
    m.on("moveend", () => setView((v) => v + 1));
    map.current = m;
    return () => {
      m.stop();
      m.remove();
    };
  }, []);

  useEffect(() => {
    layers.current.tiles?.remove();
    layers.current.tiles = config?.tiles_url
      ? L.tileLayer(config.tiles_url, { maxZoom: 19, attribution: config.tiles_attribution }).addTo(map.current)
      : null;
  }, [config?.tiles_url]);

  // The outlines under the observations; the view fits them (the territories one works on).
  useEffect(() => {
    layers.current.outlines?.remove();
    const layer = L.geoJSON({ type: "FeatureCollection", features: outlines }, { style: OUTLINE, interactive: false });
    layers.current.outlines = layer.addTo(map.current);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.current.fitBounds(bounds, { padding: [16, 16], maxZoom: 16, animate: false });
  }, [outlines]);

  const key = JSON.stringify(params);
  // New filters: the old points go at once.
  useEffect(() => {
    layers.current.data?.remove();
    layers.current.data = null;
    setState({ loading: true, body: null, error: null });
  }, [key]);

  useEffect(() => {
    if (!ready) return;
    const m = map.current;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    const path = "/observations/map" + query({ ...params, bbox: bboxOf(m), zoom: m.getZoom() });
    getJson(path, { signal: controller.signal }).then(
      (body) => {
        if (controller.signal.aborted) return;
        layers.current.data?.remove();
        layers.current.data = draw(m, body).addTo(m);
        setState({ loading: false, body, error: null });
      },
      (error) => controller.signal.aborted || setState({ loading: false, body: null, error }),
    );
    return () => controller.abort();
  }, [key, view, ready]);

  function draw(m, body) {
    const group = L.layerGroup();
    if (body.points) {
      const svg = body.points.length <= SVG_POINTS;
      for (const p of body.points) {
        const marker = L.circleMarker([p.lat, p.lon], {
          ...POINT,
          fillColor: colours[p.polarity] || "#555",
          renderer: svg ? undefined : canvas.current,
        });
        marker.bindPopup(() => popup(p));
        if (svg) marker.on("add", () => reachableByKeyboard(marker, popup(p).textContent));
        group.addLayer(marker);
      }
      return group;
    }
    const max = Math.max(1, ...body.cells.map((c) => c.count));
    for (const cell of body.cells) {
      const marker = L.circleMarker([cell.lat, cell.lon], {
        ...CELL,
        radius: cellRadius(cell.count, max),
        fillColor: dominant(cell, colours),
        renderer: canvas.current,
      });
      marker.bindTooltip(
        `${formatNumber(cell.count)} observation${cell.count > 1 ? "s" : ""} : ` +
          `${formatNumber(cell.difficulte)} difficulté(s), ${formatNumber(cell.ressource)} ressource(s), ` +
          `${formatNumber(cell.idee)} idée(s) — cliquez pour zoomer`,
      );
      marker.on("click", () => m.setView([cell.lat, cell.lon], Math.min(m.getZoom() + 2, 18)));
      group.addLayer(marker);
    }
    return group;
  }

  const { body, loading, error } = state;
  let status;
  if (error) status = `Impossible de charger la carte : ${error.message}`;
  else if (loading) status = "Mise à jour de la carte…";
  else if (body.points)
    status = `La carte montre ${body.total > 1 ? `les ${formatNumber(body.total)} observations` : `${body.total} observation`} de la vue.`;
  else
    status =
      `La carte regroupe les ${formatNumber(body.total)} observations de la vue en ${formatNumber(body.cells.length)} ` +
      "cercles (taille : nombre ; couleur : type le plus fréquent). Zoomez pour voir les points.";
  return html`
    <p class=${`map-status${loading ? " loading" : ""}`} role="status" aria-busy=${loading ? "true" : "false"}>${status}</p>
    <div ref=${element} class="console-map" role="region"
      aria-label=${`Carte des observations${body ? ` (${body.total} dans la vue)` : ""}`}></div>
  `;
}

function reachableByKeyboard(marker, label) {
  const element = marker.getElement?.();
  if (!element) return;
  element.setAttribute("tabindex", "0");
  element.setAttribute("role", "button");
  element.setAttribute("aria-label", label);
  element.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    marker.openPopup();
  });
}
