// ODK Collect and Enketo access of a campaign (its "app users", like ODK Central's): create one
// for a tablet or a team, show its settings QR and password once, revoke it. And the import of
// answers already collected with KoboToolbox or ODK.
import { useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { DataTable, formatNumber, getJson, Loaded, request, sendJson, useLoad } from "../common.js";
import { formatMoment } from "../../shared/format.js";
import { QrCode } from "./invitations-poster.js";

/** What is shown once after creating an access: the QR Collect scans, and the same by hand. */
function NewAccess({ access, onDone }) {
  return html`
    <div class="card collect-new" role="group" aria-labelledby="collect-new-title">
      <h3 id="collect-new-title">Accès « ${access.name} » créé</h3>
      <p><strong>Montré une seule fois :</strong> scannez ce QR code dans ODK Collect (Paramètres du projet →
        Ajouter un projet → Configurer avec un QR code) avant de fermer ce cadre.</p>
      <${QrCode} text=${access.collect_settings} className="qr collect-qr"
        label=${`QR code de configuration d'ODK Collect pour l'accès ${access.name}`} />
      <dl class="collect-facts">
        <dt>Adresse du serveur</dt><dd><code>${access.server_url}</code></dd>
        <dt>Nom d'utilisateur</dt><dd><code>${access.username}</code></dd>
        <dt>Mot de passe</dt><dd><code class="collect-token">${access.token}</code></dd>
      </dl>
      <button type="button" class="button secondary small" onClick=${onDone}>J'ai configuré le téléphone</button>
    </div>`;
}

/** The campaign's access list, the form to create one, and revocation. */
export function CollectAccess({ campaign }) {
  const path = `/campaigns/${encodeURIComponent(campaign.id)}/app-users`;
  const state = useLoad(() => getJson(path), [campaign.id]);
  const [name, setName] = useState("");
  const [territory, setTerritory] = useState(campaign.territories[0] || "");
  const [created, setCreated] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);

  async function create(event) {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) {
      setProblem("Donnez un nom à l'accès (par exemple « Tablette 1 »).");
      return;
    }
    setBusy(true);
    try {
      setCreated(await sendJson("POST", path, { name: name.trim(), territory }));
      setName("");
      state.reload();
    } catch (error) {
      setProblem(error.message);
    } finally {
      setBusy(false);
    }
  }
  async function revoke(access) {
    setProblem(null);
    try {
      await sendJson("DELETE", `${path}/${encodeURIComponent(access.id)}`);
      state.reload();
    } catch (error) {
      setProblem(error.message);
    }
  }
  const columns = [
    ["name", "Accès"],
    ["username", "Nom d'utilisateur"],
    ["territory", "Territoire des réponses"],
    ["last_used_at", "Dernier envoi", (a) => (a.last_used_at ? formatMoment(a.last_used_at) : "—")],
    [
      "revoked_at",
      "État",
      (a) =>
        a.revoked_at
          ? `Révoqué le ${formatMoment(a.revoked_at)}`
          : html`<button type="button" class="button danger small" onClick=${() => revoke(a)}
              aria-label=${`Révoquer l'accès ${a.name}`}>Révoquer</button>`,
    ],
  ];
  return html`
    <section aria-labelledby="collect-title" class="card collect">
      <h2 id="collect-title">ODK Collect et Enketo</h2>
      <p class="hint">Pour répondre avec ODK Collect sur une tablette d'enquêteur : créez un accès, scannez son QR code
        dans Collect. Ses réponses sont celles de la campagne (mêmes exports, même résumé), rangées sous le territoire choisi.</p>
      ${created && html`<${NewAccess} access=${created} onDone=${() => setCreated(null)} />`}
      <${FormMedia} campaign=${campaign} />
      <form class="collect-form" onSubmit=${create} noValidate>
        <div class="field">
          <label for="collect-name">Nom de l'accès</label>
          <input id="collect-name" maxlength="100" value=${name} placeholder="Tablette 1"
            onInput=${(e) => setName(e.target.value)} />
        </div>
        ${
          campaign.territories.length > 1 &&
          html`<div class="field">
          <label for="collect-territory">Territoire des réponses</label>
          <select id="collect-territory" value=${territory} onChange=${(e) => setTerritory(e.target.value)}>
            ${campaign.territories.map((code) => html`<option value=${code}>${code}</option>`)}
          </select></div>`
        }
        <button type="submit" class="button primary small" disabled=${busy}>${busy ? "Création…" : "Créer un accès"}</button>
      </form>
      ${problem && html`<p class="field-error" role="alert">${problem}</p>`}
      <${Loaded} state=${state} what="les accès ODK Collect">${(accesses) => html`
        <${DataTable} caption="Les accès de la campagne" columns=${columns} rows=${accesses}
          empty="Aucun accès pour l'instant." />`}
      </${Loaded}>
    </section>`;
}

/** What an import did: counts, then the notes of the submissions that have some. */
function ImportReport({ report }) {
  const noted = report.items.filter((item) => item.notes.length);
  return html`
    <div class="import-report" role="status">
      <p><strong>${formatNumber(report.created)} réponse(s) importée(s)</strong>${`, ${formatNumber(report.duplicate)} déjà là, `}${formatNumber(report.conflict)} en conflit
        (même identifiant, autres réponses : la réponse déjà enregistrée est gardée).</p>
      ${
        noted.length > 0 &&
        html`<p>${formatNumber(report.notes)} remarque(s) : les réponses sont gardées telles quelles.</p>
        <ul class="issues">${noted
          .slice(0, 20)
          .map(
            (item) =>
              html`<li><code>${item.instance_id}</code> : ${item.notes.map((n) => `${n.question} — ${n.message}`).join(" ; ")}</li>`,
          )}</ul>`
      }
    </div>`;
}

/** Answers already collected with KoboToolbox or ODK, brought into the campaign. */
export function SubmissionImport({ campaign, onImported }) {
  const [file, setFile] = useState(null);
  const [report, setReport] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  async function send(event) {
    event.preventDefault();
    setProblem(null);
    setReport(null);
    if (!file) {
      setProblem("Choisissez un fichier : export JSON ou XLSX de KoboToolbox, soumission ODK (.xml) ou ZIP.");
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      const response = await request(`/campaigns/${encodeURIComponent(campaign.id)}/imports`, { method: "POST", form });
      setReport(await response.json());
      onImported?.();
    } catch (error) {
      setProblem(error.message);
    } finally {
      setBusy(false);
    }
  }
  return html`
    <section aria-labelledby="import-title" class="card submission-import">
      <h2 id="import-title">Importer des réponses KoboToolbox ou ODK</h2>
      <p class="hint">L'export JSON ou XLSX de KoboToolbox (« valeurs et en-têtes XML »), des soumissions ODK (.xml),
        ou un ZIP de soumissions avec leurs photos. Toutes sont gardées ; importer deux fois le même fichier n'ajoute rien.</p>
      <form onSubmit=${send} noValidate>
        <div class="field">
          <label for="import-file">Fichier à importer</label>
          <input id="import-file" type="file" accept=".json,.xlsx,.xml,.zip"
            onChange=${(e) => setFile(e.target.files?.[0] || null)} />
        </div>
        <button type="submit" class="button primary small" disabled=${busy}>${busy ? "Import…" : "Importer"}</button>
      </form>
      ${problem && html`<p class="field-error" role="alert">${problem}</p>`}
      ${report && html`<${ImportReport} report=${report} />`}
    </section>`;
}

/** The files the form's questions read their choices from (``select_one_from_file x.csv``). */
function filesNeeded(nodes, found = []) {
  for (const node of nodes || []) {
    const match = /^select_(?:one|multiple)_from_file\s+(\S+)$/.exec(node.xlsform_type || "");
    if (match && !found.includes(match[1])) found.push(match[1]);
    filesNeeded(node.children, found);
  }
  return found;
}

/** The form's files for ODK Collect: which the form needs, which are attached; attach one. */
export function FormMedia({ campaign }) {
  const path = `/campaigns/${encodeURIComponent(campaign.id)}/media`;
  const state = useLoad(() => getJson(path), [campaign.id]);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(null);
  const needed = filesNeeded(campaign.definition?.children);
  if (!needed.length) return null;
  async function attach(event) {
    setProblem(null);
    setDone(null);
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      await request(path, { method: "POST", form });
      setDone(`Fichier « ${file.name} » joint.`);
      state.reload();
    } catch (error) {
      setProblem(error.message);
    }
    event.target.value = "";
  }
  return html`
    <div class="form-media">
      <h3 id="media-title">Fichiers du formulaire</h3>
      <p class="hint">Des questions de ce formulaire lisent leurs choix dans un fichier : joignez-le sous le même nom.
        ODK Collect le télécharge avec le formulaire.</p>
      <${Loaded} state=${state} what="les fichiers du formulaire">${(attached) => html`
        <ul aria-labelledby="media-title">${needed.map((name) => {
          const file = attached.find((m) => m.name === name);
          return html`<li><code>${name}</code> : ${file ? `joint le ${formatMoment(file.created_at)}` : html`<strong>manquant</strong>`}</li>`;
        })}</ul>`}
      </${Loaded}>
      <div class="field">
        <label for="media-file">Joindre un fichier (.csv, .geojson, .xml)</label>
        <input id="media-file" type="file" accept=".csv,.geojson,.xml" onChange=${attach} />
      </div>
      ${done && html`<p class="status ok" role="status">${done}</p>`}
      ${problem && html`<p class="field-error" role="alert">${problem}</p>`}
    </div>`;
}
