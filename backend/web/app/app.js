// The app's frame: the screens for a visitor (join, log in) or for a resident (report, my
// observations, surveys, account), a bar saying what waits to be sent, and the tab bar.
import { useEffect, useState } from "preact/hooks";
import { checkConsent, consentRequired, onConsentChange } from "./consent.js";
import { loadMe, loadOutlines, loadThemes, THEMES } from "../shared/data.js";
import { html } from "../shared/html.js";
import { useSession } from "../shared/hooks.js";
import { useOnline, useOutbox, useSyncStatus } from "./hooks.js";
import { Icon } from "../shared/icons.js";
import { countByKind } from "../shared/texts.js";
import { useRoute } from "./router.js";
import { updateUser } from "../shared/session.js";
import { startSync, syncNow } from "./sync.js";
import { AccountScreen } from "./screens/account.js";
import { AtelierScreen } from "./screens/atelier.js";
import { JoinScreen, LoginScreen, ResetScreen } from "../shared/screens/auth.js";
import { EditScreen } from "./screens/edit.js";
import { MineScreen } from "./screens/mine.js";
import { countUnseen, NewsScreen } from "./screens/news.js";
import { ConsentScreen } from "./screens/notice-changed.js";
import { PrivacyScreen } from "./screens/privacy.js";
import { ReportScreen } from "./screens/report.js";
import { SurveyFormScreen } from "./screens/survey-form.js";
import { SurveysScreen } from "./screens/surveys.js";
import { WelcomeScreen } from "./screens/welcome.js";
import { usesConsole } from "../shared/permissions.js";

const TABS = [
  ["report", "#/signaler", "report", "Signaler"],
  ["mine", "#/mes-observations", "list", "Mes observations"],
  ["surveys", "#/enquetes", "survey", "Enquêtes"],
  ["news", "#/nouveautes", "news", "Nouveautés"],
  ["account", "#/compte", "account", "Compte"],
];

function Brand() {
  return html`<a class="brand" href="#/"><img src="/icons/icon.svg" alt="" width="32" height="32" /> Veilleurs</a>`;
}

function Visitor({ route }) {
  const invite = new URLSearchParams(location.search).get("invite");
  let screen;
  if (route.name === "privacy") screen = html`<${PrivacyScreen} back=${invite ? "#/rejoindre" : "#/"} />`;
  else if (route.name === "reset") screen = html`<${ResetScreen} />`;
  else if (route.name === "join" || (invite && route.name !== "login"))
    screen = html`<${JoinScreen} inviteCode=${invite || ""} />`;
  else screen = html`<${LoginScreen} />`;
  return html`
    <header class="topbar"><${Brand} /></header>
    <main id="main" class="page">${screen}</main>
  `;
}

/** The network state, in the top bar. */
function NetStatus({ online, allSent }) {
  if (!online)
    return html`<p class="net-status offline" role="status"><${Icon} name="offline" size=${20} /> Hors ligne</p>`;
  return html`<p class="net-status" role="status">${allSent ? "Tout est envoyé." : ""}</p>`;
}

/** What waits on the phone, with "Envoyer maintenant"; hidden when nothing waits. */
function SyncBar({ items, online }) {
  const { running, lastError } = useSyncStatus();
  const waiting = items.filter((i) => i.state === "pending");
  const blocked = items.filter((i) => i.state !== "pending");
  if (!items.length) return null;
  const one = blocked.length === 1;
  return html`
    <div class="syncbar">
      <p class="sync-text" role="status">
        ${waiting.length > 0 && `${countByKind(waiting)} en attente d'envoi.`}
        ${waiting.length > 0 && !online && " Envoi au retour du réseau."}
        ${waiting.length > 0 && online && lastError && html`<span class="sync-error">${lastError}</span>`}
        ${!waiting.length && `${one ? (blocked[0].kind === "response" ? "Une réponse demande" : "Une observation demande") : `${countByKind(blocked)} demandent`} votre attention.`}
      </p>
      ${
        blocked.length > 0 &&
        html`<a class="button small warning"
        href=${blocked.some((i) => i.kind !== "response") ? "#/mes-observations" : "#/enquetes"}>${blocked.length} à vérifier</a>`
      }
      ${
        waiting.length > 0 &&
        html`<button type="button" class="button small" disabled=${running} onClick=${() => syncNow({ manual: true })}>
        ${running ? "Envoi en cours…" : "Envoyer maintenant"}</button>`
      }
    </div>
  `;
}

function Resident({ session, route, online, config }) {
  const user = session.user;
  const codes = (user.territories || []).join(",");
  const [themes, setThemes] = useState(THEMES);
  const [outlines, setOutlines] = useState([]);
  const items = useOutbox(user.id);
  const [askConsent, setAskConsent] = useState(consentRequired());
  const [unseen, setUnseen] = useState(0);
  const recount = () => countUnseen(user).then(setUnseen);
  useEffect(() => onConsentChange(setAskConsent), []);
  // The badge follows each screen change (and the network's return).
  useEffect(() => {
    recount();
  }, [route.name, online]);

  useEffect(() => {
    if (location.search) history.replaceState(null, "", "/" + location.hash);
    loadThemes().then(setThemes);
    loadMe().then(
      (me) => {
        checkConsent(me);
        if (JSON.stringify(me) !== JSON.stringify(user)) updateUser(me);
      },
      () => {},
    );
    startSync();
  }, []);
  useEffect(() => {
    loadOutlines(codes ? codes.split(",") : []).then(setOutlines);
  }, [codes]);

  let screen;
  switch (route.name) {
    case "mine":
      screen = html`<${MineScreen} user=${user} themes=${themes} online=${online} />`;
      break;
    case "edit":
      screen = html`<${EditScreen} id=${route.id} themes=${themes} />`;
      break;
    case "surveys":
      screen = html`<${SurveysScreen} user=${user} online=${online} />`;
      break;
    case "survey":
      screen = html`<${SurveyFormScreen} key=${route.editing || route.id || route.correcting} user=${user} campaignId=${route.id}
        correcting=${route.correcting} editing=${route.editing} map=${{ outlines, config }} />`;
      break;
    case "news":
      screen = html`<${NewsScreen} user=${user} themes=${themes} outlines=${outlines} config=${config} onSeen=${recount} />`;
      break;
    case "account":
      screen = html`<${AccountScreen} user=${user} online=${online} />`;
      break;
    case "welcome":
      screen = html`<${WelcomeScreen} user=${user} />`;
      break;
    case "privacy":
      screen = html`<${PrivacyScreen} back="#/compte" />`;
      break;
    default:
      screen = html`<${ReportScreen} user=${user} themes=${themes} outlines=${outlines} config=${config} online=${online} items=${items} />`;
  }
  // A new privacy notice to accept comes first; my account (export, erasure) stays open meanwhile.
  if (askConsent && !["account", "privacy"].includes(route.name)) screen = html`<${ConsentScreen} online=${online} />`;
  const current = { edit: "mine", privacy: "account", survey: "surveys" }[route.name] || route.name;
  return html`
    <header class="topbar"><${Brand} /><${NetStatus} online=${online} allSent=${items !== null && !items.length} />
      ${usesConsole(user) && html`<a class="console-link" href="/console">Console</a>`}</header>
    <${SyncBar} items=${items || []} online=${online} />
    <main id="main" class="page">${screen}</main>
    <nav class="tabs" aria-label="Menu principal">
      ${TABS.map(
        ([name, href, icon, label]) => html`
          <a href=${href} aria-current=${current === name || (name === "report" && current === "notFound") ? "page" : undefined}>
            <${Icon} name=${icon} /><span>${label}</span>
            ${name === "news" && unseen > 0 && html`<span class="tab-badge">${unseen}<span class="visually-hidden"> non lue${unseen > 1 ? "s" : ""}</span></span>`}
          </a>`,
      )}
    </nav>
  `;
}

export function App({ config }) {
  const session = useSession();
  const route = useRoute();
  const online = useOnline();
  // A workshop's phones: with or without an account, no tabs, nothing else on the page.
  if (route.name === "atelier")
    return html`<header class="topbar"><${Brand} /></header>
      <main id="main" class="page"><${AtelierScreen} code=${route.code} user=${session?.user} /></main>`;
  if (!session?.user) return html`<${Visitor} route=${route} />`;
  return html`<${Resident} session=${session} route=${route} online=${online} config=${config} />`;
}
