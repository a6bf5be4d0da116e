// "Enquêtes": the surveys open for the resident's territory, with the draft kept for each, and
// the responses still on the phone (waiting to be sent, or refused by the server: to correct).
import { useEffect, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { useOutbox } from "../hooks.js";
import { removeItem, sendAsNew } from "../outbox.js";
import { deleteDraft, keepSurveysForOffline, listDrafts, loadCampaigns } from "../survey-store.js";
import { syncNow } from "../sync.js";
import { STATE_LABELS } from "../../shared/texts.js";
import { ScreenTitle, Status } from "../../shared/ui.js";

let announcement = null;

/** A message for the next time the list shows ("Réponse enregistrée…"). */
export function announce(text) {
  announcement = text;
}

const formatDay = (iso) => new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" }).format(new Date(iso));

function ResponseCard({ item, online }) {
  const title = item.draft?.title || "Réponse d'enquête";
  const errors = item.errors && Object.values(item.errors.json?.answers || item.errors.answers || {}).length;
  const { answers: _, ...general } = item.errors?.json || item.errors || {};
  const reasons = describeErrors(general); // the campaign closed, an unknown campaign…
  return html`<li class=${"card state-" + item.state}>
    <div class="card-head"><h3>${title}</h3><span class=${"badge " + item.state}>${STATE_LABELS[item.state] || item.state}</span></div>
    ${item.state === "pending" && html`<p class="hint">${online ? "Envoi en cours ou prévu sous peu." : "Sera envoyée quand le réseau reviendra."}</p>`}
    ${
      item.state === "invalid" &&
      html`<p class="problem" role="note">Le serveur a refusé cette réponse${errors ? ` (${errors} question${errors > 1 ? "s" : ""} à revoir)` : ""}.
      Corrigez-la pour l'envoyer de nouveau, ou supprimez-la.</p>`
    }
    ${reasons.length > 0 && html`<ul class="problem">${reasons.map((r) => html`<li>${r}</li>`)}</ul>`}
    ${
      item.state === "conflict" &&
      html`<p class="problem" role="note">Le serveur a déjà reçu cette réponse avec un autre contenu.
      Vous pouvez envoyer cette version comme une nouvelle réponse, ou la supprimer de ce téléphone.</p>`
    }
    <div class="actions">
      ${item.state === "invalid" && (errors || !reasons.length) && html`<a class="button primary small" href=${"#/enquetes/corriger/" + item.id}>Corriger<span class="visually-hidden"> la réponse à « ${title} »</span></a>`}
      ${
        item.state === "conflict" &&
        html`<button type="button" class="button primary small"
        onClick=${() => sendAsNew(item.id).then(() => syncNow({ manual: true }))}>Envoyer comme nouvelle</button>`
      }
      ${
        item.state !== "pending" &&
        html`<button type="button" class="button secondary small" onClick=${() => removeItem(item.id)}>
        Supprimer<span class="visually-hidden"> la réponse à « ${title} »</span></button>`
      }
    </div>
  </li>`;
}

function CampaignCard({ campaign, draft, onForget }) {
  const title = campaign.title || "Enquête";
  return html`<li class="card">
    <div class="card-head"><h3>${title}</h3>${draft && html`<span class="badge pending">Brouillon</span>`}</div>
    ${campaign.description && html`<p class="text">${campaign.description}</p>`}
    <p class="meta">${[
      campaign.closes_at && `Ouverte jusqu'au ${formatDay(campaign.closes_at)}`,
      campaign.my_responses > 0 &&
        `vous y avez déjà répondu${campaign.my_responses > 1 ? ` ${campaign.my_responses} fois` : ""}`,
    ]
      .filter(Boolean)
      .join(" · ")}</p>
    <div class="actions">
      <a class="button primary small" href=${"#/enquetes/" + encodeURIComponent(campaign.id)}>
        ${draft ? "Reprendre" : campaign.my_responses > 0 ? "Répondre de nouveau" : "Répondre"}<span class="visually-hidden"> à « ${title} »</span></a>
      ${
        draft &&
        html`<button type="button" class="button secondary small" onClick=${() => onForget(draft)}>
        Effacer le brouillon<span class="visually-hidden"> de « ${title} »</span></button>`
      }
    </div>
  </li>`;
}

export function SurveysScreen({ user, online }) {
  const items = (useOutbox(user.id) || []).filter((i) => i.kind === "response");
  const [campaigns, setCampaigns] = useState(null);
  const [drafts, setDrafts] = useState([]);
  const [message, setMessage] = useState(null);
  const [flash] = useState(() => {
    const text = announcement;
    announcement = null;
    return text;
  });

  useEffect(() => {
    loadCampaigns(user.id).then(
      (list) => {
        setCampaigns(list);
        setMessage(null);
        if (online) keepSurveysForOffline(list);
      },
      (error) => setMessage(online ? error.message : "Hors ligne : les enquêtes s'afficheront au retour du réseau."),
    );
    listDrafts(user.id).then(setDrafts);
  }, [online]);

  async function forget(draft) {
    await deleteDraft(draft.key);
    setDrafts(await listDrafts(user.id));
  }

  const draftOf = (campaign) => drafts.find((d) => String(d.campaignId) === String(campaign.id));
  return html`
    <${ScreenTitle}>Enquêtes<//>
    ${flash && html`<${Status} kind="ok">${flash} ${online ? "" : "Elle sera envoyée au retour du réseau."}<//>`}
    ${message && html`<${Status}>${message}<//>`}
    ${
      items.length > 0 &&
      html`<section aria-labelledby="responses-title">
      <h2 id="responses-title" class="section-title">Sur ce téléphone (${items.length})</h2>
      <ul class="cards">${items.map((item) => html`<${ResponseCard} key=${item.id} item=${item} online=${online} />`)}</ul>
    </section>`
    }
    ${
      campaigns &&
      html`<section aria-labelledby="open-title">
      <h2 id="open-title" class="section-title">Ouvertes pour votre quartier</h2>
      ${
        campaigns.length === 0
          ? html`<p>Aucune enquête n'est ouverte pour votre quartier en ce moment.</p>
            <p class="hint">Quand votre animateur en lancera une, elle apparaîtra ici. Vous pourrez y répondre même sans réseau.</p>`
          : html`<ul class="cards">${campaigns.map((c) => html`<${CampaignCard} key=${c.id} campaign=${c} draft=${draftOf(c)} onForget=${forget} />`)}</ul>`
      }
    </section>`
    }
  `;
}
