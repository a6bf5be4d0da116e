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

/** A message for the next time the list shows; with ``itemId`` (a response in the outbox), it
 * says « envoyée » once that response has left the phone, « enregistrée sur ce téléphone » before. */
export function announce(text, itemId = null) {
  announcement = { text, itemId };
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
      (item.answered
        ? html`<p class="problem" role="note">Vous aviez déjà répondu à cette enquête : une seule réponse par personne.
          Corrigez la réponse envoyée (dans la liste des enquêtes), puis supprimez celle-ci de ce téléphone.</p>`
        : html`<p class="problem" role="note">Le serveur a déjà reçu cette réponse avec un autre contenu.
          Vous pouvez envoyer cette version comme une nouvelle réponse, ou la supprimer de ce téléphone.</p>`)
    }
    <div class="actions">
      ${item.state === "invalid" && (errors || !reasons.length) && html`<a class="button primary small" href=${"#/enquetes/corriger/" + item.id}>Corriger<span class="visually-hidden"> la réponse à « ${title} »</span></a>`}
      ${
        item.state === "conflict" &&
        !item.answered &&
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
  const last = campaign.my_last_response;
  // One answer per person: once answered, the card says when, and offers to correct it.
  const answeredOnce = Boolean(last) && !campaign.multiple_answers;
  const action = draft
    ? { label: "Reprendre", href: "#/enquetes/" + encodeURIComponent(campaign.id) }
    : answeredOnce
      ? { label: "Corriger ma réponse", href: `#/enquetes/${encodeURIComponent(campaign.id)}/ma-reponse/${last.id}` }
      : { label: "Répondre", href: "#/enquetes/" + encodeURIComponent(campaign.id) };
  return html`<li class="card">
    <div class="card-head"><h3>${title}</h3>${
      draft
        ? html`<span class="badge pending">Brouillon</span>`
        : answeredOnce && html`<span class="badge visible">Répondu</span>`
    }</div>
    ${campaign.description && html`<p class="text">${campaign.description}</p>`}
    <p class="meta">${[
      answeredOnce && `Répondu le ${formatDay(last.submitted_at)}`,
      answeredOnce && last.edited_at && `corrigé le ${formatDay(last.edited_at)}`,
      campaign.closes_at && `${answeredOnce ? "modifiable" : "ouverte"} jusqu'au ${formatDay(campaign.closes_at)}`,
      !answeredOnce &&
        campaign.my_responses > 0 &&
        `vous y avez déjà répondu ${campaign.my_responses > 1 ? `${campaign.my_responses} fois` : "une fois"}`,
    ]
      .filter(Boolean)
      .join(" · ")
      .replace(/^./, (c) => c.toUpperCase())}</p>
    <div class="actions">
      <a class=${"button small " + (answeredOnce && !draft ? "secondary" : "primary")} href=${action.href}>
        ${action.label}<span class="visually-hidden"> à « ${title} »</span></a>
      ${
        draft &&
        html`<button type="button" class="button secondary small" onClick=${() => onForget(draft)}>
        Effacer le brouillon<span class="visually-hidden"> de « ${title} »</span></button>`
      }
    </div>
  </li>`;
}

export function SurveysScreen({ user, online }) {
  const outbox = useOutbox(user.id);
  const items = (outbox || []).filter((i) => i.kind === "response");
  const [campaigns, setCampaigns] = useState(null);
  const [drafts, setDrafts] = useState([]);
  const [message, setMessage] = useState(null);
  const [flash] = useState(() => {
    const said = announcement;
    announcement = null;
    return said;
  });
  // Said as it really is: still on the phone, or sent (the outbox no longer holds it).
  const sent = flash?.itemId && outbox && !outbox.some((i) => i.id === flash.itemId);

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
    ${
      flash &&
      html`<${Status} kind="ok">${
        sent
          ? "Réponse envoyée : merci !"
          : flash.itemId
            ? `${flash.text} ${online ? "Envoi en cours…" : "Elle sera envoyée au retour du réseau."}`
            : flash.text
      }<//>`
    }
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
