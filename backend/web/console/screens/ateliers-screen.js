// The projected screen of an atelier: the code and its QR to join, the step, the answers arriving
// live (Server-Sent Events read with fetch, the bearer token in a header; when the server has no
// stream to spare, the live view read every second), the organiser's controls, the record.
import { useEffect, useState } from "preact/hooks";
import { formatDay } from "../../shared/format.js";
import { html } from "../../shared/html.js";
import { API } from "../../shared/http.js";
import { can } from "../../shared/permissions.js";
import { accessToken } from "../../shared/session.js";
import { ScreenTitle, Status } from "../../shared/ui.js";
import { DownloadButton, getJson, Loaded, query, sendJson, useLoad } from "../common.js";
import { QrCode } from "./invitations-poster.js";
import { Indicators, Places, SynthesisPreview } from "./syntheses-preview.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const atelierLink = (code) => `${location.origin}/#/atelier/${code}`;

/** The events of one stream as they come; resolves when the server ends it. */
async function readStream(response, onView) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split("\n").find((line) => line.startsWith("data: "));
      if (event.startsWith("event: live") && data) onView(JSON.parse(data.slice(6)));
      end = buffer.indexOf("\n\n");
    }
  }
}

/** Follow the atelier until ``signal`` aborts: the stream, or polling for a while when refused. */
async function follow(id, onView, onMode, signal) {
  while (!signal.aborted) {
    try {
      const response = await fetch(`${API}/ateliers/${id}/events`, {
        headers: { Authorization: `Bearer ${await accessToken()}`, Accept: "text/event-stream" },
        cache: "no-store",
        signal,
      });
      if (response.ok && response.body) {
        onMode("direct");
        await readStream(response, onView);
        continue;
      }
    } catch {
      if (signal.aborted) return;
    }
    onMode("relecture");
    for (let i = 0; i < 20 && !signal.aborted; i++) {
      try {
        onView(await getJson(`/ateliers/${id}/live`));
      } catch {
        // the network is down: try again in a second
      }
      await sleep(1000);
    }
  }
}

function Results({ step }) {
  const r = step.results;
  if (!r.shown)
    return html`<p class="atelier-waiting"><strong class="atelier-count">${r.answers}</strong> réponse${r.answers > 1 ? "s" : ""}
      <span class="hint">— la répartition s'affiche à partir de ${r.threshold} réponses.</span></p>`;
  if (r.texts) return html`<ul class="atelier-texts">${r.texts.map((t) => html`<li>${t}</li>`)}</ul>`;
  const rows = r.order ? r.order.map((name) => r.rows.find((row) => row.name === name)) : r.rows;
  const top = Math.max(1, ...rows.map((row) => row.count));
  return html`
    <p class="atelier-waiting"><strong class="atelier-count">${r.answers}</strong> réponses${
      r.mean_level ? html` · niveau moyen <strong>${r.mean_level.toLocaleString("fr-FR")}</strong> sur 5` : ""
    }${r.mean ? html` · note moyenne <strong>${r.mean.toLocaleString("fr-FR")}</strong> sur 5` : ""}</p>
    <ol class="atelier-bars">
      ${rows.map(
        (row) => html`<li data-name=${row.name}>
          <span class="bar-label">${row.label}</span>
          <span class="bar"><span style=${`width:${(100 * row.count) / top}%`}></span></span>
          <strong class="bar-count">${row.count}</strong></li>`,
      )}
    </ol>`;
}

/** A step that shows the territory's synthesis, its map or its indicators (computed now). */
function Shown({ step, territory }) {
  const state = useLoad(
    () => getJson("/syntheses" + query({ territory, theme: step.theme, format: "json" })),
    [territory, step.number],
  );
  return html`<${Loaded} state=${state} what="la synthèse">${(content) =>
    step.kind === "carte"
      ? html`<${Places} content=${content} />`
      : step.kind === "indicateurs"
        ? html`<${Indicators} content=${content} />`
        : html`<${SynthesisPreview} content=${content} headingId="atelier-synthese" />`}
  </${Loaded}>`;
}

/** The cooperation barometer: where the previous ateliers of the territory stood. */
function Barometer({ territory, current }) {
  const state = useLoad(() => getJson("/ateliers/barometer" + query({ territory })), [territory]);
  const points = (state.data?.points || []).slice(-3);
  if (!points.length) return null;
  return html`<p class="hint atelier-barometer">Baromètre des coopérations : ${points
    .map((p) => `${formatDay(p.held_on)} ${p.mean_level.toLocaleString("fr-FR")}/5`)
    .join(" · ")}${current ? ` · aujourd'hui ${current.toLocaleString("fr-FR")}/5` : ""}</p>`;
}

function Step({ step, territory }) {
  if (!step) return html`<p class="atelier-lead">Rejoignez l'atelier avec le code : il commence bientôt.</p>`;
  if (step.kind === "cooperation")
    return html`<${Results} step=${step} /><${Barometer} territory=${territory} current=${step.results.mean_level} />`;
  if (step.results) return html`<${Results} step=${step} />`;
  if (step.ideas)
    return html`<ul class="atelier-wall">${step.ideas.map(
      (i) =>
        html`<li class="card"><p>${i.text}</p><strong class="supports">${i.supports} soutien${i.supports > 1 ? "s" : ""}</strong></li>`,
    )}</ul>`;
  return html`<${Shown} key=${step.number} step=${step} territory=${territory} />`;
}

function Controls({ atelier, view, onChange }) {
  const [error, setError] = useState(null);
  const patch = async (body) => {
    try {
      onChange(await sendJson("PATCH", `/ateliers/${atelier.id}`, body));
      setError(null);
    } catch (e) {
      setError(e.message);
    }
  };
  const number = view?.step?.number ?? -1;
  return html`<div class="atelier-controls">
    ${view.status === "preparation" && html`<button class="button primary" onClick=${() => patch({ status: "en_cours" })}>Commencer</button>`}
    ${
      view.status === "en_cours" &&
      html`
      <button class="button secondary" disabled=${number <= 0} onClick=${() => patch({ step: number - 1 })}>◀ Étape précédente</button>
      <button class="button primary" disabled=${number >= view.steps - 1} onClick=${() => patch({ step: number + 1 })}>Étape suivante ▶</button>
      <button class="button danger" onClick=${() => confirm("Terminer l'atelier ? Les résultats seront figés.") && patch({ status: "termine" })}>Terminer l'atelier</button>`
    }
    <button class="button secondary" onClick=${() => document.querySelector(".atelier-projection")?.requestFullscreen?.()}>Plein écran</button>
    ${error && html`<span class="field-error" role="alert">${error}</span>`}
  </div>`;
}

export function AtelierProjection({ id, user }) {
  const [atelier, setAtelier] = useState(null);
  const [view, setView] = useState(null);
  const [mode, setMode] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    getJson(`/ateliers/${id}`).then(setAtelier, setError);
    const controller = new AbortController();
    follow(id, setView, setMode, controller.signal);
    return () => controller.abort();
  }, [id]);
  if (error) return html`<${Status} kind="error">Impossible de charger l'atelier : ${error.message}</${Status}>`;
  if (!atelier || !view) return html`<p class="hint" role="status">Chargement de l'atelier…</p>`;
  const step = view.step;
  const ended = view.status === "termine";
  return html`<div class="atelier-projection">
    <header class="atelier-head">
      <div>
        <p class="kicker">${view.title}${step ? ` · étape ${step.number + 1} sur ${view.steps}` : ""}</p>
        <${ScreenTitle} title=${view.title}>${ended ? "Merci !" : step ? step.question || step.title : view.title}</${ScreenTitle}>
      </div>
      ${
        !ended &&
        html`<div class="atelier-join">
        <${QrCode} text=${atelierLink(view.join_code)} label=${"QR code pour rejoindre l'atelier " + view.join_code} />
        <p>Rejoindre : <strong>${location.host}/#/atelier</strong><br />code <strong class="atelier-code">${view.join_code}</strong></p>
      </div>`
      }
    </header>
    <section class="atelier-live" aria-live="polite">
      ${ended ? html`<p class="atelier-lead">L'atelier est terminé : son compte rendu est prêt.</p>` : html`<${Step} step=${step} territory=${atelier.territory} />`}
    </section>
    <footer class="atelier-foot">
      <p class="hint"><span class="atelier-participants">${view.participants}</span>
        ${` participant${view.participants > 1 ? "s" : ""} · ${mode === "direct" ? "en direct" : "mis à jour chaque seconde"}`}</p>
      ${can(user, "run_ateliers") && !ended && html`<${Controls} atelier=${atelier} view=${view} onChange=${() => {}} />`}
      <div class="atelier-record">
        ${["pdf", "csv", "xlsx"].map(
          (
            fmt,
          ) => html`<${DownloadButton} path=${`/ateliers/${id}/record?format=${fmt}`} name=${`atelier-${view.join_code}.${fmt}`}>
            Compte rendu ${fmt.toUpperCase()}</${DownloadButton}>`,
        )}
      </div>
    </footer>
  </div>`;
}
