// The place of an observation on a Leaflet map: the GPS position with its accuracy circle, or the
// point the resident taps. Tiles come from a configurable URL; when none load (offline, no tile
// server), the outline of the resident's territory on a blank background still shows where to tap.
import L from "leaflet";
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "./html.js";

const FRANCE = [46.6, 2.4];
const COLORS = { outline: "#0b5d5b", gps: "#1558b0", picked: "#b3261e" };

export function PlaceMap({ gps, picked, onPick, outlines, tiles }) {
  const element = useRef(null);
  const map = useRef(null);
  const layers = useRef({});
  const pick = useRef(onPick);
  const centred = useRef(false);
  const [tilesFailed, setTilesFailed] = useState(!tiles.tiles_url);
  pick.current = onPick;

  useEffect(() => {
    const m = L.map(element.current, {
      center: FRANCE,
      zoom: 5,
      zoomControl: true,
      attributionControl: true,
      keyboardPanDelta: 60,
    });
    m.zoomControl
      .getContainer()
      .querySelectorAll("a")
      .forEach((a) => {
        const label = a.classList.contains("leaflet-control-zoom-in") ? "Zoomer" : "Dézoomer";
        a.title = label;
        a.setAttribute("aria-label", label);
      });
    m.attributionControl.setPrefix(false);
    m.on("click", (event) => pick.current([event.latlng.lng, event.latlng.lat]));
    map.current = m;
    return () => m.remove();
  }, []);

  useEffect(() => {
    layers.current.tiles?.remove();
    setTilesFailed(!tiles.tiles_url);
    if (!tiles.tiles_url) return;
    const layer = L.tileLayer(tiles.tiles_url, { maxZoom: 19, attribution: tiles.tiles_attribution });
    let failures = 0;
    layer.on("tileerror", () => {
      failures += 1;
      if (failures >= 2) setTilesFailed(true);
    });
    layer.on("tileload", () => setTilesFailed(false));
    layers.current.tiles = layer.addTo(map.current);
  }, [tiles.tiles_url]);

  useEffect(() => {
    const m = map.current;
    layers.current.outline?.remove();
    if (!outlines.length) return;
    const layer = L.geoJSON(
      { type: "FeatureCollection", features: outlines },
      { style: { color: COLORS.outline, weight: 3, fillOpacity: 0.06 }, interactive: false },
    ).addTo(m);
    layers.current.outline = layer;
    if (!centred.current) m.fitBounds(layer.getBounds(), { padding: [12, 12] });
  }, [outlines]);

  useEffect(() => {
    const m = map.current;
    layers.current.gps?.remove();
    if (!gps) return;
    const latlng = [gps.lat, gps.lon];
    layers.current.gps = L.layerGroup([
      L.circle(latlng, { radius: gps.accuracy, color: COLORS.gps, weight: 1, fillOpacity: 0.12, interactive: false }),
      L.circleMarker(latlng, {
        radius: 7,
        color: "#fff",
        weight: 2,
        fillColor: COLORS.gps,
        fillOpacity: 1,
        interactive: false,
      }),
    ]).addTo(m);
    if (!centred.current && !picked) {
      centred.current = true;
      m.setView(latlng, gps.accuracy > 300 ? 15 : 17);
    }
  }, [gps?.lat, gps?.lon, gps?.accuracy]);

  useEffect(() => {
    layers.current.picked?.remove();
    if (!picked) return;
    layers.current.picked = L.circleMarker([picked[1], picked[0]], {
      radius: 10,
      color: "#fff",
      weight: 3,
      fillColor: COLORS.picked,
      fillOpacity: 1,
      interactive: false,
    }).addTo(map.current);
  }, [picked?.[0], picked?.[1]]);

  const useCentre = () => {
    const c = map.current.getCenter();
    onPick([c.lng, c.lat]);
  };

  return html`
    <div class="map-wrap">
      <div ref=${element} class="map" role="region" aria-label="Carte du lieu : touchez l'endroit observé"></div>
      <span class="crosshair" aria-hidden="true"></span>
    </div>
    <div class="map-tools">
      <button type="button" class="button secondary" onClick=${useCentre}>Choisir le centre de la carte</button>
      ${
        tilesFailed &&
        html`<p class="hint">${
          outlines.length
            ? "Fond de carte indisponible : le contour de votre quartier sert de repère."
            : "Fond de carte indisponible : déplacez la carte et touchez le lieu."
        }</p>`
      }
    </div>
  `;
}
