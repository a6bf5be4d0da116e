// Membres: who joined the organiser's territories (pseudonym, role, joined on, last activity,
// contributions), a page at a time, found by a piece of their pseudonym. A resident who forgot
// their password gets a reset code (shown once, printable, valid 48 h); a member can be disabled,
// enabled again or removed (their contributions stay, with no link to anyone); an admin changes
// a staff member's role. The API decides who may act on whom (an animateur: the veilleurs of
// their territories).
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { formatDay, formatMoment, formatNumber, formatShortMoment } from "../../shared/format.js";
import { can } from "../../shared/permissions.js";
import { ScreenTitle, Status } from "../../shared/ui.js";
import {
  DataTable,
  Loaded,
  Pager,
  TerritorySelect,
  myTerritories,
  query,
  request,
  sendJson,
  useLoad,
} from "../common.js";

const PAGE_SIZE = 20;
const ROLE_LABELS = { veilleur: "Veilleur", animateur: "Animateur", analyste: "Analyste", admin: "Administrateur" };
const ROLES = Object.keys(ROLE_LABELS);

async function loadMembers(filters, page) {
  const response = await request(
    "/users" +
      query({ territory: filters.territory, role: filters.role, q: filters.q.trim(), page, page_size: PAGE_SIZE }),
  );
  const pagination = JSON.parse(response.headers.get("X-Pagination") || "{}");
  return { items: await response.json(), total: pagination.total || 0, totalPages: pagination.total_pages || 1 };
}

/** Whether the signed-in account may act on this member (the API's rule, as a courtesy). */
const manages = (user, member) => member.id !== user.id && (member.role === "veilleur" || can(user, "manage_staff"));

const plural = (count, word) => `${formatNumber(count)} ${word}${count > 1 ? "s" : ""}`;
const contributions = (m) =>
  m.observations + m.responses === 0
    ? "Aucune"
    : [m.observations && plural(m.observations, "observation"), m.responses && plural(m.responses, "réponse")]
        .filter(Boolean)
        .join(", ");

function stateOf(member) {
  if (member.disabled) return ["disabled", "Désactivé"];
  if (member.reset_pending) return ["reset", "Code remis, en attente"];
  return ["active", "Actif"];
}

/** A modal dialog: the browser keeps the focus in it and closes it with Échap. */
function Dialog({ id, title, children, onClose, className = "confirm-dialog" }) {
  const dialog = useRef(null);
  useEffect(() => {
    const element = dialog.current;
    element.showModal();
    return () => element.open && element.close();
  }, []);
  return html`
    <dialog ref=${dialog} class=${className} aria-labelledby=${id}
      onCancel=${(e) => {
        e.preventDefault();
        onClose();
      }}>
      <h2 id=${id}>${title}</h2>
      ${children}
    </dialog>
  `;
}

/** The code, shown once: to read aloud or print on a slip handed to the resident. */
function ResetSlip({ member, reset, onClose }) {
  return html`
    <${Dialog} id="reset-title" title=${`Code de réinitialisation pour ${member.pseudonym}`} onClose=${onClose}
      className="confirm-dialog reset-dialog">
      <div class="reset-slip">
        <p class="reset-for">Pour <strong>${member.pseudonym}</strong></p>
        <p class="reset-code" aria-label=${`Code : ${reset.reset_code.split("").join(" ")}`}>${reset.reset_code}</p>
        <p>Dans l'application Veilleurs, touchez « Mot de passe oublié ? », saisissez votre pseudonyme, ce code et un nouveau mot de passe.</p>
        <p class="reset-expiry">Valable une seule fois, jusqu'au ${formatMoment(reset.expires_at)}.</p>
      </div>
      <p class="hint no-print">Ce code ne sera plus affiché : remettez-le de vive voix ou imprimez-le maintenant. Un nouveau code remplace celui-ci.</p>
      <div class="dialog-actions no-print">
        <button type="button" class="button primary" onClick=${() => window.print()}>Imprimer</button>
        <button type="button" class="button secondary" autofocus onClick=${onClose}>Fermer</button>
      </div>
    <//>
  `;
}

function ConfirmRemove({ member, onDone, onClose }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await sendJson("DELETE", `/users/${member.id}`);
      onDone();
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  }
  const given = member.observations + member.responses;
  return html`
    <${Dialog} id="remove-title" title=${`Retirer ${member.pseudonym} ?`} onClose=${onClose}>
      <p>Son compte sera supprimé : ${member.pseudonym} ne pourra plus se connecter.
        ${given > 0 ? ` Ses ${formatNumber(given)} contribution${given > 1 ? "s" : ""} restent dans le diagnostic, sans lien avec personne ; ses photos sont supprimées.` : ""}
        Cette action ne peut pas être annulée. Pour suspendre sans supprimer, choisissez plutôt « Désactiver ».</p>
      ${error && html`<p class="field-error" role="alert">${error}</p>`}
      <div class="dialog-actions">
        <button type="button" class="button danger" disabled=${busy} onClick=${remove}>${busy ? "Suppression…" : "Oui, retirer"}</button>
        <button type="button" class="button secondary" autofocus onClick=${onClose}>Annuler</button>
      </div>
    <//>
  `;
}

function RoleChoice({ member, onChange }) {
  const id = `role-${member.id}`;
  return html`
    <label class="visually-hidden" for=${id}>Rôle de ${member.pseudonym}</label>
    <select id=${id} value=${member.role} onChange=${(e) => onChange(member, e.target.value)}>
      ${ROLES.map((role) => html`<option value=${role}>${ROLE_LABELS[role]}</option>`)}
    </select>
  `;
}

function Members({ user, territories }) {
  const [filters, setFilters] = useState({ territory: "", role: "", q: "" });
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState(null);
  const [dialog, setDialog] = useState(null);
  const list = useLoad(() => loadMembers(filters, page), [filters.territory, filters.role, filters.q, page]);
  const staff = can(user, "manage_staff");

  const setFilter = (key, value) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };

  async function act(member, change, done) {
    setNotice(null);
    try {
      await done(await sendJson(change.method, change.path, change.body));
      list.reload();
    } catch (error) {
      setNotice(["error", `${member.pseudonym} : ${error.message}`]);
    }
  }

  const resetCode = (member) =>
    act(member, { method: "POST", path: `/users/${member.id}/password-reset` }, (reset) =>
      setDialog(["reset", member, reset]),
    );
  const toggle = (member) =>
    act(member, { method: "PATCH", path: `/users/${member.id}`, body: { disabled: !member.disabled } }, () =>
      setNotice([
        "ok",
        member.disabled
          ? `${member.pseudonym} peut de nouveau se connecter.`
          : `${member.pseudonym} est désactivé·e : ses sessions ont pris fin, ses contributions restent.`,
      ]),
    );
  const changeRole = (member, role) =>
    act(member, { method: "PATCH", path: `/users/${member.id}`, body: { role } }, () =>
      setNotice(["ok", `${member.pseudonym} est maintenant ${ROLE_LABELS[role]} : la personne doit se reconnecter.`]),
    );

  const columns = [
    ["pseudonym", "Pseudonyme", (m) => html`<strong>${m.pseudonym}</strong>${m.id === user.id ? " (vous)" : ""}`],
    [
      "role",
      "Rôle",
      (m) =>
        staff && m.id !== user.id
          ? html`<${RoleChoice} member=${m} onChange=${changeRole} />`
          : ROLE_LABELS[m.role] || m.role,
    ],
    ["territories", "Territoires", (m) => m.territories.join(", ")],
    ["created_at", "A rejoint le", (m) => html`<span class="nowrap">${formatDay(m.created_at)}</span>`],
    ["last_activity_at", "Dernière activité", (m) => formatShortMoment(m.last_activity_at, "Jamais")],
    ["contributions", "Contributions", (m) => contributions(m)],
    [
      "state",
      "État",
      (m) => {
        const [key, label] = stateOf(m);
        return html`<span class=${"member-state " + key}>${label}</span>`;
      },
    ],
    [
      "actions",
      "Actions",
      (m) =>
        manages(user, m)
          ? html`
        <div class="row-actions">
          <button type="button" class="button secondary small" aria-label=${`Nouveau code de réinitialisation pour ${m.pseudonym}`}
            onClick=${() => resetCode(m)}>Nouveau code</button>
          <button type="button" class="button secondary small" aria-label=${`${m.disabled ? "Réactiver" : "Désactiver"} ${m.pseudonym}`}
            onClick=${() => toggle(m)}>${m.disabled ? "Réactiver" : "Désactiver"}</button>
          <button type="button" class="button danger small" aria-label=${`Retirer ${m.pseudonym}`}
            onClick=${() => setDialog(["remove", m])}>Retirer</button>
        </div>`
          : "",
    ],
  ];

  return html`
    <form class="filters" role="search" aria-label="Chercher des membres" onSubmit=${(e) => e.preventDefault()}>
      <${TerritorySelect} id="members-territory" territories=${territories} value=${filters.territory} all=${true}
        onChange=${(value) => setFilter("territory", value)} />
      <div class="field">
        <label for="members-role">Rôle</label>
        <select id="members-role" value=${filters.role} onChange=${(e) => setFilter("role", e.target.value)}>
          <option value="">Tous les rôles</option>
          ${ROLES.map((role) => html`<option value=${role}>${ROLE_LABELS[role]}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="members-q">Pseudonyme</label>
        <input id="members-q" type="search" maxlength="40" autocomplete="off" value=${filters.q}
          onInput=${(e) => setFilter("q", e.target.value)} />
      </div>
    </form>
    ${notice && html`<${Status} kind=${notice[0]}>${notice[1]}<//>`}
    <${Loaded} state=${list} what="les membres">
      ${(data) => html`
        <p class="hint" role="status">${data.total === 0 ? "Aucun membre ne correspond." : `${formatNumber(data.total)} membre${data.total > 1 ? "s" : ""}.`}</p>
        <${DataTable} caption="Membres de vos territoires, des derniers arrivés aux plus anciens" columns=${columns}
          rows=${data.items} empty="Aucun membre." />
        <${Pager} page=${page} totalPages=${data.totalPages} setPage=${setPage} label="Pages des membres" />
      `}
    <//>
    ${dialog?.[0] === "reset" && html`<${ResetSlip} member=${dialog[1]} reset=${dialog[2]} onClose=${() => setDialog(null)} />`}
    ${
      dialog?.[0] === "remove" &&
      html`<${ConfirmRemove} member=${dialog[1]} onClose=${() => setDialog(null)}
        onDone=${() => {
          setNotice([
            "ok",
            `${dialog[1].pseudonym} a été retiré·e ; ses contributions restent, sans lien avec personne.`,
          ]);
          setDialog(null);
          list.reload();
        }} />`
    }
  `;
}

export function MembersScreen({ user }) {
  const territories = useLoad(() => myTerritories(user), [user.id]);
  return html`
    <div class="members">
      <div class="no-print">
        <${ScreenTitle}>Membres</${ScreenTitle}>
        <p class="lead">Qui a rejoint vos territoires. Un·e habitant·e a oublié son mot de passe ? Créez-lui un code de réinitialisation et remettez-le-lui.</p>
      </div>
      <${Loaded} state=${territories} what="vos territoires">
        ${(found) => html`<${Members} user=${user} territories=${found} />`}
      <//>
    </div>
  `;
}
