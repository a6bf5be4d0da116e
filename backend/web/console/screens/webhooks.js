// Webhooks: an organiser subscribes an address of their city's tools to the events of one of
// their territories, copies the signing key (shown once), follows the last deliveries with their
// status, pauses, resumes or deletes a subscription. The API refuses private addresses.
import { useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { ErrorSummary, Field, ScreenTitle, Status, describedBy } from "../../shared/ui.js";
import { DataTable, Loaded, TerritorySelect, getJson, myTerritories, sendJson, useLoad } from "../common.js";

const when = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short" });
const formatWhen = (iso) => (iso ? when.format(new Date(iso)) : "");
const DELIVERY_LABELS = { pending: "En attente", delivered: "Livré", failed: "Abandonné" };

/** A subscription's state: [key, label]. */
export function subscriptionState(subscription) {
  if (!subscription.allowed) return ["failed", "Sans droit (auteur sans ce rôle)"];
  return subscription.active ? ["delivered", "Actif"] : ["pending", "Suspendu"];
}

function SubscribeForm({ territories, kinds, onCreated }) {
  const [territory, setTerritory] = useState(territories[0]?.code || "");
  const [url, setUrl] = useState("https://");
  const [events, setEvents] = useState(() => new Set(kinds.map((k) => k.code)));
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);

  function toggle(code, on) {
    const next = new Set(events);
    on ? next.add(code) : next.delete(code);
    setEvents(next);
  }

  async function submit(event) {
    event.preventDefault();
    const found = {};
    if (!/^https?:\/\/\S+$/.test(url.trim())) found.url = "L'adresse doit commencer par https:// et nommer un serveur.";
    if (events.size === 0) found.events = "Choisissez au moins un événement.";
    setErrors(found);
    if (Object.keys(found).length) return setSummary(Object.values(found));
    setBusy(true);
    try {
      const created = await sendJson("POST", "/webhooks", { url: url.trim(), events: [...events], territory });
      setSummary(null);
      onCreated(created);
    } catch (error) {
      const fields = error.fieldErrors || {};
      setErrors(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, [].concat(value).join(" ")])));
      setSummary(
        [error.message].concat(
          error.status === 422 ? Object.entries(fields).flatMap(([k, v]) => describeErrors(v, k)) : [],
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return html`
    <section class="card" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">Nouvel abonnement</h2>
      <${ErrorSummary} title="L'abonnement n'a pas été créé" messages=${summary} />
      <form onSubmit=${submit} noValidate>
        <${TerritorySelect} id="webhook-territory" territories=${territories} value=${territory} onChange=${setTerritory} />
        <${Field} id="webhook-url" label="Adresse qui recevra les événements" hint="L'outil de la ville (https://…). Les adresses de réseaux privés sont refusées." error=${errors.url}>
          <input id="webhook-url" type="text" inputmode="url" autocomplete="off" spellcheck="false" value=${url} maxlength="2000"
            aria-describedby=${describedBy("webhook-url", true, errors.url)} aria-invalid=${errors.url ? "true" : undefined}
            onInput=${(e) => setUrl(e.target.value)} />
        <//>
        <fieldset class=${"field" + (errors.events ? " has-error" : "")}>
          <legend>Événements</legend>
          ${errors.events && html`<p class="field-error">${errors.events}</p>`}
          ${kinds.map(
            (kind) => html`
            <label class="checkbox"><input type="checkbox" checked=${events.has(kind.code)}
              onChange=${(e) => toggle(kind.code, e.target.checked)} /> ${kind.label}</label>`,
          )}
        </fieldset>
        <button type="submit" class="button primary" disabled=${busy || !territory}>${busy ? "Création…" : "S'abonner"}</button>
      </form>
    </section>
  `;
}

function Deliveries({ id }) {
  const detail = useLoad(() => getJson(`/webhooks/${encodeURIComponent(id)}`), [id]);
  const columns = [
    ["created", "Événement du", (row) => html`<span class="nowrap">${formatWhen(row.created_at)}</span>`],
    ["event", "Événement"],
    ["statusLabel", "État", (row) => html`<span class=${"invite-state " + row.status}>${row.statusLabel}</span>`],
    ["attempts", "Tentatives"],
    ["answer", "Dernière réponse"],
    ["next", "Prochain essai", (row) => html`<span class="nowrap">${formatWhen(row.next_attempt_at)}</span>`],
  ];
  return html`
    <section aria-labelledby="webhook-deliveries-title">
      <h2 id="webhook-deliveries-title">Derniers envois</h2>
      <${Loaded} state=${detail} what="les envois">
        ${(subscription) => html`
          <p class="hint">${subscription.url}</p>
          <button type="button" class="button secondary small" onClick=${detail.reload}>Actualiser</button>
          <${DataTable} caption="Les 20 derniers envois, du plus récent au plus ancien" columns=${columns}
            empty="Aucun envoi pour l'instant."
            rows=${subscription.deliveries.map((d) => ({
              ...d,
              statusLabel: DELIVERY_LABELS[d.status] || d.status,
              answer: d.last_error || (d.last_status_code ? `HTTP ${d.last_status_code}` : ""),
            }))} />`}
      <//>
    </section>
  `;
}

function Subscriptions({ territories, kinds }) {
  const list = useLoad(() => getJson("/webhooks"), []);
  const [created, setCreated] = useState(null);
  const [selected, setSelected] = useState(null);
  const [error, setError] = useState(null);
  const labels = Object.fromEntries(kinds.map((k) => [k.code, k.label]));

  async function act(method, subscription, body) {
    setError(null);
    try {
      await sendJson(method, `/webhooks/${encodeURIComponent(subscription.id)}`, body);
      if (method === "DELETE" && selected === subscription.id) setSelected(null);
      list.reload();
    } catch (e) {
      setError(e.message);
    }
  }

  const columns = [
    ["url", "Adresse", (row) => html`<span class="wrap-anywhere">${row.url}</span>`],
    ["territory", "Territoire"],
    ["eventsLabel", "Événements"],
    ["stateLabel", "État", (row) => html`<span class=${"invite-state " + row.state}>${row.stateLabel}</span>`],
    [
      "actions",
      "Actions",
      (row) => html`
      <div class="row-actions">
        <button type="button" class="button secondary small" aria-pressed=${selected === row.id ? "true" : "false"}
          onClick=${() => setSelected(row.id)}>Envois</button>
        <button type="button" class="button secondary small" onClick=${() => act("PATCH", row, { active: !row.active })}>
          ${row.active ? "Suspendre" : "Reprendre"}</button>
        <button type="button" class="button danger small" aria-label=${`Supprimer l'abonnement ${row.url}`}
          onClick=${() => window.confirm("Supprimer cet abonnement et l'historique de ses envois ?") && act("DELETE", row)}>Supprimer</button>
      </div>`,
    ],
  ];
  return html`
    <div class="invite-top">
      <${SubscribeForm} territories=${territories} kinds=${kinds}
        onCreated=${(subscription) => {
          setCreated(subscription);
          list.reload();
        }} />
      ${
        created &&
        html`<section class="card secret-card" aria-labelledby="webhook-secret-title">
          <h2 id="webhook-secret-title">Clé de signature</h2>
          <p>Copiez-la maintenant dans l'outil qui reçoit les événements : elle ne sera plus jamais affichée.</p>
          <p><code class="wrap-anywhere">${created.secret}</code></p>
          <p class="hint">Chaque envoi porte l'en-tête X-Veilleurs-Signature : t=horodatage, v1=HMAC-SHA256 de « horodatage.corps » avec cette clé.</p>
          <button type="button" class="button secondary small" onClick=${() => setCreated(null)}>J'ai copié la clé</button>
        </section>`
      }
    </div>
    ${error && html`<${Status} kind="error">${error}<//>`}
    <${Loaded} state=${list} what="les abonnements">
      ${(subscriptions) => html`
        <${DataTable} caption="Abonnements de vos territoires" columns=${columns} empty="Aucun abonnement pour l'instant."
          rows=${subscriptions.map((s) => {
            const [state, stateLabel] = subscriptionState(s);
            return { ...s, state, stateLabel, eventsLabel: s.events.map((e) => labels[e] || e).join(", ") };
          })} />`}
    <//>
    ${selected && html`<${Deliveries} key=${selected} id=${selected} />`}
  `;
}

export function WebhooksScreen({ user }) {
  const setup = useLoad(async () => [await myTerritories(user), await getJson("/webhooks/events")], [user.id]);
  return html`
    <div class="webhooks">
      <${ScreenTitle}>Webhooks</${ScreenTitle}>
      <p class="lead">Prévenez les outils de la ville à chaque événement de vos territoires : observation envoyée ou modérée, réponse reçue, synthèse figée. Seuls les champs publics sont envoyés.</p>
      <${Loaded} state=${setup} what="vos territoires">
        ${([territories, kinds]) =>
          territories.length === 0
            ? html`<${Status} kind="warning">Vous n'animez encore aucun territoire : demandez à un administrateur de vous en confier un.<//>`
            : html`<${Subscriptions} territories=${territories} kinds=${kinds} />`}
      <//>
    </div>
  `;
}
