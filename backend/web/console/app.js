// The console's frame: a login for visitors, a polite refusal for residents (their app is at "/"),
// and for animateurs, analysts and admins the screens their role opens, in a side menu. The
// console only hides what a role cannot do: the API's authorisation decides.
import { html } from "../shared/html.js";
import { useSession } from "../shared/hooks.js";
import { LoginScreen } from "../shared/screens/auth.js";
import { can, usesConsole } from "../shared/permissions.js";
import { logout } from "../shared/session.js";
import { ScreenTitle } from "../shared/ui.js";
import { useConsoleRoute } from "./router.js";
import { AnalysesScreen } from "./screens/analyses.js";
import { AteliersScreen } from "./screens/ateliers.js";
import { CampaignsScreen } from "./screens/campaigns.js";
import { HomeScreen } from "./screens/home.js";
import { InvitationsScreen } from "./screens/invitations.js";
import { MembersScreen } from "./screens/members.js";
import { ModerationScreen } from "./screens/moderation.js";
import { ObservationsScreen } from "./screens/observations.js";
import { SynthesesScreen } from "./screens/syntheses.js";
import { TerritoriesScreen } from "./screens/territories.js";
import { WebhooksScreen } from "./screens/webhooks.js";

/** The console's sections: [route name, menu label, the permission that opens it, screen]. */
export const SECTIONS = [
  ["territoires", "Territoires", "read_territory_observations", TerritoriesScreen],
  ["invitations", "Invitations", "invite", InvitationsScreen],
  ["membres", "Membres", "manage_members", MembersScreen],
  ["moderation", "Modération", "moderate", ModerationScreen],
  ["enquetes", "Enquêtes", "read_responses", CampaignsScreen],
  ["observations", "Observations", "read_territory_observations", ObservationsScreen],
  ["analyses", "Analyses", "analyse", AnalysesScreen],
  ["syntheses", "Synthèses", "synthesise", SynthesesScreen],
  ["webhooks", "Webhooks", "manage_webhooks", WebhooksScreen],
  ["ateliers", "Ateliers", "read_ateliers", AteliersScreen],
];

const ROLE_LABELS = { animateur: "Animateur", analyste: "Analyste", admin: "Administrateur", veilleur: "Veilleur" };

/** The sections the account's permissions open (from the API: the role table is the server's). */
export const sectionsFor = (user) => SECTIONS.filter(([, , permission]) => can(user, permission));

function Brand() {
  return html`<a class="brand" href="#/"><img src="/icons/icon.svg" alt="" width="32" height="32" /> Veilleurs · Console</a>`;
}

function Refusal({ user }) {
  return html`
    <header class="topbar"><${Brand} /></header>
    <main id="main" class="page">
      <${ScreenTitle}>Cet espace est réservé aux animateurs et aux analystes</${ScreenTitle}>
      <p>Vous êtes connecté en tant que <strong>${user.pseudonym}</strong> (veilleur). Vos signalements et vos enquêtes se trouvent dans l'application.</p>
      <p><a class="button" href="/">Ouvrir l'application des veilleurs</a></p>
    </main>
  `;
}

export function Console({ config }) {
  const session = useSession();
  const route = useConsoleRoute();
  if (!session?.user) {
    return html`
      <header class="topbar"><${Brand} /></header>
      <main id="main" class="page">
        <p class="hint">La console des animateurs et des analystes : connectez-vous avec votre compte.</p>
        <${LoginScreen} />
      </main>
    `;
  }
  const user = session.user;
  if (!usesConsole(user)) return html`<${Refusal} user=${user} />`;
  const sections = sectionsFor(user);
  const section = sections.find(([name]) => name === route.name);
  const Screen = section ? section[3] : HomeScreen;
  return html`
    <a class="skip-link" href="#main">Aller au contenu</a>
    <header class="topbar">
      <${Brand} />
      <p class="who">${user.pseudonym} · ${ROLE_LABELS[user.role] || user.role}</p>
      <button type="button" class="button secondary small" onClick=${() => logout()}>Se déconnecter</button>
    </header>
    <div class="console-frame">
      <nav class="console-nav" aria-label="Menu de la console">
        <ul>
          ${sections.map(
            ([name, label]) => html`
            <li><a href=${"#/" + name} aria-current=${route.name === name ? "page" : undefined}>${label}</a></li>`,
          )}
        </ul>
      </nav>
      <main id="main" class="console-main" tabindex="-1">
        <${Screen} key=${route.name} user=${user} route=${route} config=${config} sections=${sections} />
      </main>
    </div>
  `;
}
