// "Mes observations": those still on the phone (waiting, or needing the resident's decision)
// above those the server has, with their state and territory; edit or delete one's own.
import { useEffect, useState } from "preact/hooks";
import { request } from "../../shared/api.js";
import { polarityLabel, territoryName, themeLabel } from "../../shared/data.js";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { Icon } from "../../shared/icons.js";
import { useOutbox } from "../hooks.js";
import { downscale } from "../photos.js";
import { removeItem, sendAsNew } from "../outbox.js";
import { cache } from "../../shared/store.js";
import { dropFailedPhotos, syncNow } from "../sync.js";
import { formatDate } from "../../shared/format.js";
import { STATE_LABELS } from "../../shared/texts.js";
import { ScreenTitle, Status } from "../../shared/ui.js";

const PAGE_SIZE = 20;

function TerritoryName({ code }) {
  const [name, setName] = useState(code);
  useEffect(() => {
    if (code) territoryName(code).then(setName);
  }, [code]);
  return code ? html`<span>${name}</span>` : html`<span>hors des territoires suivis</span>`;
}

function DeleteButton({ onConfirm, label }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return html`<button type="button" class="button secondary small" onClick=${() => setAsking(true)}>
      <${Icon} name="trash" size=${20} /> Supprimer<span class="visually-hidden"> ${label}</span></button>`;
  }
  return html`<span class="confirm" role="group" aria-label="Confirmer la suppression">
    <button type="button" class="button danger small" onClick=${onConfirm}>Oui, supprimer</button>
    <button type="button" class="button secondary small" onClick=${() => setAsking(false)}>Annuler</button>
  </span>`;
}

function Card({ observation, themes, state, territory, children, photoCount }) {
  const theme = themeLabel(themes, observation.theme);
  return html`
    <li class=${"card state-" + state}>
      <div class="card-head">
        <${Icon} name=${observation.theme} size=${28} />
        <h2>${theme}</h2>
        <span class=${"badge " + state}>${STATE_LABELS[state] || state}</span>
      </div>
      <p class="meta">
        <span class=${"polarity-label " + observation.polarity}>${polarityLabel(observation.polarity)}</span>
        ${" · "}${formatDate(observation.observed_at)}
        ${territory !== undefined && html`${" · "}<${TerritoryName} code=${territory} />`}
        ${photoCount > 0 && `${" · "}${photoCount} photo${photoCount > 1 ? "s" : ""}`}
      </p>
      <p class="text">${observation.text}</p>
      ${children}
    </li>
  `;
}

function PendingCard({ item, themes, online }) {
  const label = `l'observation « ${item.payload.text.slice(0, 30)} »`;
  const errors = describeErrors(item.errors);
  const photoErrors = item.photos.filter((p) => p.error).map((p) => p.error);
  return html`
    <${Card} observation=${item.payload} themes=${themes} state=${item.state} photoCount=${item.photos.length}>
      ${
        item.state === "pending" &&
        html`<p class="hint">${
          item.stored
            ? "Observation reçue ; photo en cours d'envoi."
            : online
              ? "Envoi en cours ou prévu sous peu."
              : "Sera envoyée quand le réseau reviendra."
        }</p>`
      }
      ${
        item.state === "invalid" &&
        html`<div class="problem" role="note"><p>Le serveur a refusé cette observation :</p>
        <ul>${(errors.length ? errors : ["Contenu non valide."]).map((m) => html`<li>${m}</li>`)}</ul>
        <p>Corrigez-la puis elle sera renvoyée, ou supprimez-la.</p></div>`
      }
      ${
        item.state === "conflict" &&
        html`<div class="problem" role="note"><p>Le serveur a déjà reçu cette observation, mais avec un autre contenu
        (sans doute avant votre dernière modification). Vous pouvez envoyer cette version comme une nouvelle
        observation, ou la supprimer de ce téléphone.</p></div>`
      }
      ${
        item.state === "photo-error" &&
        html`<div class="problem" role="note"><p>L'observation est bien reçue, mais une photo a été refusée :</p>
        <ul>${photoErrors.map((m) => html`<li>${m}</li>`)}</ul></div>`
      }
      <div class="actions">
        ${
          item.state === "conflict"
            ? html`<button type="button" class="button primary small" onClick=${() => sendAsNew(item.id).then(() => syncNow({ manual: true }))}>
              Envoyer comme nouvelle</button>`
            : item.state === "photo-error"
              ? html`<button type="button" class="button primary small" onClick=${() => dropFailedPhotos(item.id)}>
                Terminer sans cette photo</button>`
              : !item.stored &&
                html`<a class="button secondary small" href=${"#/modifier/" + item.id}>
                <${Icon} name="edit" size=${20} /> ${item.state === "invalid" ? "Corriger" : "Modifier"}<span class="visually-hidden"> ${label}</span></a>`
        }
        ${
          !(item.stored && item.state === "pending") &&
          html`<${DeleteButton} label=${label} onConfirm=${() => removeItem(item.id)} />`
        }
      </div>
    <//>
  `;
}

/** The public follow-up organisers gave the report: its current step and the replies, in order. */
export function FollowUp({ followUp }) {
  if (!followUp) return null;
  const steps = followUp.history || [];
  return html`
    <div class="follow-up">
      <p class=${"follow-up-status " + followUp.status}><strong>Suivi :</strong> ${followUp.label}</p>
      ${
        steps.length > 0 &&
        html`<ol class="follow-up-history">${steps.map(
          (step) => html`<li>
            <span class="meta">${formatDate(step.at)} · ${step.label}${step.to_whom ? ` (${step.to_whom})` : ""}</span>
            ${step.public_reply && html`<p class="reply">${step.public_reply}</p>`}
          </li>`,
        )}</ol>`
      }
    </div>
  `;
}

/** Retake a photo (an animateur asked for a clearer one): the new one replaces the old at once. */
function ReplacePhoto({ observation, photo, index, onReplaced }) {
  const [state, setState] = useState(null);
  async function choose(event) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setState("busy");
    try {
      const form = new FormData();
      form.append("file", await downscale(file), "photo.jpg");
      await request(`/observations/${observation.id}/photos/${photo.id}`, { method: "PUT", form });
      setState(null);
      onReplaced();
    } catch (error) {
      setState(error.message);
    }
  }
  return html`
    <span class="replace-photo">
      <label class="button secondary small file-button">
        <input class="visually-hidden" type="file" accept="image/*" disabled=${state === "busy"} onChange=${choose} />
        <${Icon} name="camera" size=${20} /> ${state === "busy" ? "Envoi…" : `Remplacer la photo ${index + 1}`}
      </label>
      ${state && state !== "busy" && html`<span class="field-error" role="alert">${state}</span>`}
    </span>
  `;
}

function ServerCard({ observation, themes, online, onDelete, onReplaced }) {
  const label = `l'observation « ${observation.text.slice(0, 30)} »`;
  return html`
    <${Card} observation=${observation} themes=${themes} state=${observation.status}
      territory=${observation.territory} photoCount=${observation.photos.length}>
      ${
        observation.photos.some((p) => p.thumbnail_url) &&
        html`<ul class="thumbs small">${observation.photos.map(
          (photo, i) => html`<li key=${photo.id}>
        <a href=${photo.url} target="_blank" rel="noopener"><img src=${photo.thumbnail_url} loading="lazy"
          alt=${`Photo ${i + 1} de l'observation « ${observation.text.slice(0, 30)} »`} /></a></li>`,
        )}</ul>`
      }
      ${
        online &&
        observation.photos.length > 0 &&
        html`<div class="actions">${observation.photos.map(
          (photo, i) =>
            html`<${ReplacePhoto} key=${photo.id} observation=${observation} photo=${photo} index=${i} onReplaced=${onReplaced} />`,
        )}</div>`
      }
      <${FollowUp} followUp=${observation.follow_up} />
      ${
        observation.status === "hidden" &&
        html`<p class="problem" role="note">Raison indiquée par l'animateur : ${observation.moderation_reason || "non précisée"}</p>`
      }
      ${
        online &&
        html`<div class="actions">
        <a class="button secondary small" href=${"#/modifier/" + observation.id}>
          <${Icon} name="edit" size=${20} /> Modifier<span class="visually-hidden"> ${label}</span></a>
        <${DeleteButton} label=${label} onConfirm=${() => onDelete(observation)} />
      </div>`
      }
    <//>
  `;
}

async function fetchPage(page) {
  const response = await request(`/observations?mine=true&page=${page}&page_size=${PAGE_SIZE}`);
  const pagination = JSON.parse(response.headers.get("X-Pagination") || "{}");
  return { items: await response.json(), totalPages: pagination.total_pages || 1, total: pagination.total || 0 };
}

export function MineScreen({ user, themes, online }) {
  const pending = useOutbox(user.id)?.filter((i) => i.kind === "observation") ?? null;
  const [list, setList] = useState({ items: [], page: 0, totalPages: 1, total: 0, fromCache: false });
  const [message, setMessage] = useState(null);
  const waiting = pending ? pending.length : 0;

  async function load(page) {
    try {
      const result = await fetchPage(page);
      if (page === 1) await cache.set(`mine:${user.id}`, result);
      setMessage(null);
      setList((old) => ({
        ...result,
        items: page === 1 ? result.items : [...old.items, ...result.items],
        page,
        fromCache: false,
      }));
    } catch (error) {
      const cached = page === 1 ? await cache.get(`mine:${user.id}`) : null;
      if (cached) setList({ ...cached, page: 1, fromCache: true });
      else
        setMessage(
          online ? error.message : "Hors ligne : vos observations déjà envoyées s'afficheront au retour du réseau.",
        );
    }
  }

  // Reload when the outbox empties a little (items reached the server) and when back online.
  useEffect(() => {
    load(1);
  }, [online, pending?.length]);

  async function remove(observation) {
    try {
      await request(`/observations/${observation.id}`, { method: "DELETE" });
      setList((old) => ({ ...old, items: old.items.filter((o) => o.id !== observation.id), total: old.total - 1 }));
      setMessage("Observation supprimée.");
    } catch (error) {
      setMessage(error.message);
    }
  }

  const shownIds = new Set((pending || []).map((i) => i.id));
  const serverItems = list.items.filter((o) => !shownIds.has(o.id));
  return html`
    <${ScreenTitle}>Mes observations<//>
    ${message && html`<${Status}>${message}<//>`}
    ${
      waiting > 0 &&
      html`<section aria-labelledby="pending-title">
      <h2 id="pending-title" class="section-title">Sur ce téléphone (${waiting})</h2>
      <ul class="cards">${pending.map((item) => html`<${PendingCard} key=${item.id} item=${item} themes=${themes} online=${online} />`)}</ul>
    </section>`
    }
    <section aria-labelledby="sent-title">
      <h2 id="sent-title" class="section-title">Envoyées${list.page >= 1 ? ` (${list.total})` : ""}</h2>
      ${list.fromCache && html`<p class="hint">Hors ligne : liste enregistrée lors de votre dernière connexion.</p>`}
      ${list.page >= 1 && list.total === 0 && !waiting && html`<p>Vous n'avez encore rien signalé. <a href="#/signaler">Faire un premier signalement</a></p>`}
      <ul class="cards">${serverItems.map(
        (o) =>
          html`<${ServerCard} key=${o.id} observation=${o} themes=${themes} online=${online} onDelete=${remove}
            onReplaced=${() => load(1).then(() => setMessage("Photo remplacée."))} />`,
      )}</ul>
      ${
        list.page >= 1 &&
        list.page < list.totalPages &&
        !list.fromCache &&
        html`<button type="button" class="button secondary" onClick=${() => load(list.page + 1)}>Voir les suivantes</button>`
      }
    </section>
  `;
}
