// Invitations: an organiser creates a code for one of their territories (role, number of uses,
// expiry), shows it as a QR code, a link and a poster, follows how many joined, and revokes it.
// The console offers only the territories and roles the API allows; the API stays the judge.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { ErrorSummary, Field, ScreenTitle, Status, describedBy } from "../../shared/ui.js";
import { DataTable, Loaded, TerritorySelect, getJson, myTerritories, sendJson, useLoad } from "../common.js";
import { InvitationPoster } from "./invitations-poster.js";

/** The roles each organiser may invite (the API's rule: an animateur invites veilleurs and animateurs). */
const ROLE_LABELS = {
  veilleur: "Veilleur (habitant·e)",
  animateur: "Animateur",
  analyste: "Analyste",
  admin: "Administrateur",
};
const SHORT_ROLE_LABELS = {
  veilleur: "Veilleur",
  animateur: "Animateur",
  analyste: "Analyste",
  admin: "Administrateur",
};
const shortDate = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric" });
const formatShortDate = (iso) => (iso ? shortDate.format(new Date(iso)) : "");
const FIELD_LABELS = { role: "Rôle", max_uses: "Nombre d'utilisations", expires_at: "Date d'expiration" };
const MAX_USES = 100_000;
const REFRESH_MS = 20_000;

const pad = (n) => String(n).padStart(2, "0");
const isoDay = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
function inDays(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return isoDay(date);
}

/** Active, expired, revoked or used up: [key, label]. */
export function inviteState(invite, now = new Date()) {
  if (invite.revoked_at) return ["revoked", "Révoquée"];
  if (invite.expires_at && new Date(invite.expires_at) <= now) return ["expired", "Expirée"];
  if (invite.max_uses !== null && invite.max_uses !== undefined && invite.uses >= invite.max_uses)
    return ["used-up", "Épuisée"];
  return ["active", "Active"];
}

function validate({ maxUses, expires }) {
  const found = {};
  const uses = maxUses.trim();
  if (uses && (!/^\d+$/.test(uses) || Number(uses) < 1 || Number(uses) > MAX_USES)) {
    found.max_uses = "Le nombre d'utilisations doit être un nombre entier entre 1 et 100 000 (ou vide, sans limite).";
  }
  if (expires && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
    found.expires_at = "La date d'expiration n'est pas une date valide (jour/mois/année).";
  } else if (expires && expires < isoDay(new Date())) {
    found.expires_at = "La date d'expiration est déjà passée : choisissez aujourd'hui ou un jour à venir.";
  }
  return found;
}

/** The form of a new invitation for the chosen territory. */
function InviteForm({ user, territory, onCreated }) {
  const roles = user.invitable_roles || [];
  const [role, setRole] = useState("veilleur");
  const [maxUses, setMaxUses] = useState("30");
  const [expires, setExpires] = useState(() => inDays(30));
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    const found = validate({ maxUses, expires });
    setErrors(found);
    if (!territory) found.territory = "Choisissez d'abord un territoire.";
    if (Object.keys(found).length) return setSummary(Object.values(found));
    setBusy(true);
    try {
      const invite = await sendJson("POST", `/territories/${encodeURIComponent(territory)}/invites`, {
        role,
        max_uses: maxUses.trim() ? Number(maxUses) : null,
        // The whole chosen day, in the organiser's time zone.
        expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      });
      setSummary(null);
      onCreated(invite);
    } catch (error) {
      const fields = error.fieldErrors || {};
      setErrors(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, [].concat(value).join(" ")])));
      setSummary(
        [error.message].concat(
          error.status === 422
            ? Object.entries(fields).flatMap(([key, value]) => describeErrors(value, FIELD_LABELS[key] || key))
            : [],
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return html`
    <section class="card invite-form" aria-labelledby="invite-form-title">
      <h2 id="invite-form-title">Nouvelle invitation</h2>
      <${ErrorSummary} title="L'invitation n'a pas été créée" messages=${summary} />
      <form onSubmit=${submit} noValidate>
        <${Field} id="invite-role" label="Rôle des personnes invitées" hint="« Veilleur » pour les habitant·es. Un code de rôle animateur ne se donne qu'en main propre."
          error=${errors.role}>
          <select id="invite-role" value=${role} aria-describedby=${describedBy("invite-role", true, errors.role)}
            onChange=${(e) => setRole(e.target.value)}>
            ${roles.map((r) => html`<option value=${r}>${ROLE_LABELS[r] || r}</option>`)}
          </select>
        <//>
        <${Field} id="invite-uses" label="Nombre d'utilisations" hint="Combien de personnes pourront rejoindre avec ce code. Vide : sans limite."
          error=${errors.max_uses}>
          <input id="invite-uses" type="text" inputmode="numeric" autocomplete="off" value=${maxUses}
            aria-describedby=${describedBy("invite-uses", true, errors.max_uses)} aria-invalid=${errors.max_uses ? "true" : undefined}
            onInput=${(e) => setMaxUses(e.target.value)} />
        <//>
        <${Field} id="invite-expires" label="Date d'expiration" hint="Le code marche jusqu'à la fin de ce jour. Vide : sans date limite."
          error=${errors.expires_at}>
          <input id="invite-expires" type="date" value=${expires} min=${isoDay(new Date())}
            aria-describedby=${describedBy("invite-expires", true, errors.expires_at)} aria-invalid=${errors.expires_at ? "true" : undefined}
            onInput=${(e) => setExpires(e.target.value)} />
        <//>
        <button type="submit" class="button primary" disabled=${busy || !territory}>
          ${busy ? "Création…" : "Créer l'invitation"}</button>
      </form>
    </section>
  `;
}

/** "Révoquer ?" in a modal dialog: the browser keeps the focus in it and closes it with Échap. */
function ConfirmRevoke({ invite, onDone, onCancel }) {
  const dialog = useRef(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    const element = dialog.current;
    element.showModal();
    return () => element.open && element.close();
  }, []);

  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      onDone(await sendJson("DELETE", `/territories/invites/${encodeURIComponent(invite.code)}`));
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  }

  const joined =
    invite.uses === 1
      ? "La personne inscrite garde son compte."
      : `Les ${invite.uses} personnes inscrites gardent leur compte.`;
  return html`
    <dialog ref=${dialog} class="confirm-dialog" aria-labelledby="revoke-title" aria-describedby="revoke-text"
      onCancel=${(e) => {
        e.preventDefault();
        onCancel();
      }}>
      <h2 id="revoke-title">Révoquer l'invitation ${invite.code} ?</h2>
      <p id="revoke-text">Plus personne ne pourra rejoindre avec ce code, ni avec son QR code ou ses affiches.
        ${invite.uses > 0 ? ` ${joined}` : ""} Cette action ne peut pas être annulée.</p>
      ${error && html`<p class="field-error" role="alert">${error}</p>`}
      <div class="dialog-actions">
        <button type="button" class="button danger" disabled=${busy} onClick=${revoke}>${busy ? "Révocation…" : "Oui, révoquer"}</button>
        <button type="button" class="button secondary" autofocus onClick=${onCancel}>Annuler</button>
      </div>
    </dialog>
  `;
}

function usesText(invite) {
  return invite.max_uses === null || invite.max_uses === undefined
    ? `${invite.uses} (sans limite)`
    : `${invite.uses} / ${invite.max_uses}`;
}

/** The invitations of the territory, newest first. */
function InviteList({ invites, territory, selected, onShow, onRevoke, reload, loading }) {
  const rows = invites.map((invite) => {
    const [state, stateLabel] = inviteState(invite);
    return {
      ...invite,
      state,
      stateLabel,
      roleLabel: SHORT_ROLE_LABELS[invite.role] || invite.role,
      usesLabel: usesText(invite),
      expiresLabel: invite.expires_at ? formatShortDate(invite.expires_at) : "Sans date limite",
      createdLabel: formatShortDate(invite.created_at),
    };
  });
  const joined = invites.reduce((sum, invite) => sum + invite.uses, 0);
  const columns = [
    ["code", "Code", (row) => html`<span class="invite-code">${row.code}</span>`],
    ["roleLabel", "Rôle"],
    ["uses", "Personnes inscrites", (row) => html`<strong>${row.uses}</strong>`],
    ["usesLabel", "Utilisations / maximum"],
    ["expiresLabel", "Expire le", (row) => html`<span class="nowrap">${row.expiresLabel}</span>`],
    ["stateLabel", "État", (row) => html`<span class=${"invite-state " + row.state}>${row.stateLabel}</span>`],
    ["createdLabel", "Créée le", (row) => html`<span class="nowrap">${row.createdLabel}</span>`],
    [
      "actions",
      "Actions",
      (row) => html`
      <div class="row-actions">
        <button type="button" class="button secondary small" aria-pressed=${selected === row.code ? "true" : "false"}
          aria-label=${`QR code et affiche de ${row.code}`} onClick=${() => onShow(row.code)}>QR code</button>
        ${
          !row.revoked_at &&
          html`
          <button type="button" class="button danger small" aria-label=${`Révoquer ${row.code}`}
            onClick=${() => onRevoke(row)}>Révoquer</button>`
        }
      </div>`,
    ],
  ];
  return html`
    <section class="invite-list" aria-labelledby="invite-list-title">
      <div class="invite-list-head">
        <h2 id="invite-list-title">Invitations de ${territory ? territory.name : "ce territoire"}</h2>
        <button type="button" class="button secondary small" disabled=${loading} onClick=${reload}>
          ${loading ? "Actualisation…" : "Actualiser"}</button>
      </div>
      <p class="hint" role="status">${
        invites.length === 0
          ? "Aucune invitation pour l'instant : créez-en une avec le formulaire."
          : `${invites.length} invitation${invites.length > 1 ? "s" : ""}, ${joined} personne${joined > 1 ? "s" : ""} inscrite${joined > 1 ? "s" : ""} avec ${invites.length > 1 ? "elles" : "elle"}. La liste s'actualise toute seule.`
      }</p>
      <${DataTable} caption=${`Invitations de ${territory ? `${territory.name} (${territory.code})` : "ce territoire"}, des plus récentes aux plus anciennes`}
        columns=${columns} rows=${rows} empty="Aucune invitation." />
    </section>
  `;
}

function Invitations({ user, territories }) {
  const [code, setCode] = useState(territories[0]?.code || "");
  const [selected, setSelected] = useState(null);
  const [revoking, setRevoking] = useState(null);
  const [notice, setNotice] = useState(null);
  const list = useLoad(() => (code ? getJson(`/territories/${encodeURIComponent(code)}/invites`) : []), [code]);
  const territory = territories.find((t) => t.code === code);
  const invites = list.data || [];
  const shown = invites.find((invite) => invite.code === selected);

  // Residents join during the workshop: the counts follow without a click.
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === "visible" && list.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [code]);

  function choose(value) {
    setCode(value);
    setSelected(null);
    setNotice(null);
  }

  return html`
    <div class="filters no-print">
      <${TerritorySelect} id="invite-territory" territories=${territories} value=${code} onChange=${choose} />
    </div>
    ${notice && html`<div class="no-print"><${Status} kind="ok">${notice}<//></div>`}
    <div class=${"invite-top" + (shown ? " with-detail" : "")}>
      <${InviteForm} user=${user} territory=${code}
        onCreated=${(invite) => {
          setNotice(
            invite.role === "veilleur"
              ? `Invitation ${invite.code} créée : montrez son QR code ou imprimez son affiche.`
              : `Invitation ${invite.code} créée : donnez ce code en main propre.`,
          );
          setSelected(invite.code);
          list.reload();
        }} />
      ${shown && html`<${InvitationPoster} key=${shown.code} invite=${shown} state=${inviteState(shown)} territory=${territory} onClose=${() => setSelected(null)} />`}
    </div>
    <div class="no-print">
      <${Loaded} state=${list} what="les invitations">
        ${() => html`<${InviteList} invites=${invites} territory=${territory} selected=${selected}
          onShow=${setSelected} onRevoke=${setRevoking} reload=${list.reload} loading=${list.loading} />`}
      <//>
    </div>
    ${
      revoking &&
      html`<${ConfirmRevoke} invite=${revoking} onCancel=${() => setRevoking(null)}
      onDone=${(invite) => {
        setRevoking(null);
        setNotice(`L'invitation ${invite.code} est révoquée : plus personne ne peut rejoindre avec ce code.`);
        list.reload();
      }} />`
    }
  `;
}

export function InvitationsScreen({ user }) {
  const territories = useLoad(() => myTerritories(user), [user.id]);
  return html`
    <div class="invitations">
      <div class="no-print">
        <${ScreenTitle}>Invitations</${ScreenTitle}>
        <p class="lead">Créez un code pour faire rejoindre des habitant·es : montrez son QR code, envoyez son lien ou affichez-le au centre social.</p>
      </div>
      <${Loaded} state=${territories} what="vos territoires">
        ${(list) =>
          list.length === 0
            ? html`<${Status} kind="warning">Vous n'animez encore aucun territoire : demandez à un administrateur de vous en confier un.<//>`
            : html`<${Invitations} user=${user} territories=${list} />`}
      <//>
    </div>
  `;
}
