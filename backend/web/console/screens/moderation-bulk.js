// Many observations at once: the ones ticked on the page are marked read, hidden with one reason
// or given another theme in one request (all or nothing: the API answers for all of them), and
// the keyboard moves through the queue (j / k, x to tick, r to mark read).
import { useEffect, useState } from "preact/hooks";
import { sendJson } from "../common.js";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";

const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;

export function BulkBar({ selected, items, themes, onSelectAll, onClear, onDone }) {
  const [theme, setTheme] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null);
  const count = selected.size;

  async function run(action, extra, done) {
    if (action === "hide" && !reason.trim()) {
      setMessage({ kind: "error", text: "Indiquez la raison du masquage : les auteurs la verront." });
      return;
    }
    if (action === "theme" && !theme) {
      setMessage({ kind: "error", text: "Choisissez le thème à donner." });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const result = await sendJson("POST", "/observations/bulk", { ids: [...selected], action, ...extra });
      setMessage({ kind: "ok", text: done(result.count) });
      setReason("");
      onDone();
    } catch (error) {
      setMessage({ kind: "error", text: [error.message, ...describeErrors(error.fieldErrors)].join(" ") });
    } finally {
      setBusy(false);
    }
  }

  return html`
    <section class="bulk-bar" aria-labelledby="bulk-title">
      <h2 id="bulk-title" class="visually-hidden">Actions groupées</h2>
      <div class="bulk-row">
        <p class="bulk-count" role="status">${count ? `${plural(count, "observation")} sélectionnée${count > 1 ? "s" : ""}` : "Aucune observation sélectionnée"}</p>
        <button type="button" class="button secondary small" disabled=${!items.length} onClick=${onSelectAll}>Tout sélectionner sur la page</button>
        ${count > 0 && html`<button type="button" class="button secondary small" onClick=${onClear}>Désélectionner</button>`}
      </div>
      ${
        count > 0 &&
        html`
        <div class="bulk-row">
          <button type="button" class="button primary small" disabled=${busy}
            onClick=${() => run("review", {}, (n) => `${plural(n, "observation")} marquée${n > 1 ? "s" : ""} comme relue${n > 1 ? "s" : ""}.`)}>
            Marquer comme relues</button>
          <span class="bulk-group">
            <label for="bulk-theme">Thème</label>
            <select id="bulk-theme" value=${theme} onChange=${(e) => setTheme(e.target.value)}>
              <option value="">Choisir…</option>
              ${themes.map((t) => html`<option value=${t.code}>${t.label}</option>`)}
            </select>
            <button type="button" class="button secondary small" disabled=${busy}
              onClick=${() => run("theme", { theme }, (n) => `Thème changé pour ${plural(n, "observation")}.`)}>Changer le thème</button>
          </span>
          <span class="bulk-group">
            <label for="bulk-reason">Raison du masquage</label>
            <input id="bulk-reason" maxlength="1000" value=${reason} onInput=${(e) => setReason(e.target.value)} />
            <button type="button" class="button danger small" disabled=${busy}
              onClick=${() => run("hide", { reason: reason.trim() }, (n) => `${plural(n, "observation")} masquée${n > 1 ? "s" : ""} : leurs auteurs voient pourquoi.`)}>
              Masquer la sélection</button>
          </span>
        </div>`
      }
      ${message && html`<p class=${"status " + message.kind} role=${message.kind === "error" ? "alert" : "status"}>${message.text}</p>`}
      <p class="hint shortcuts">${"Raccourcis clavier : "}<kbd>j</kbd> / <kbd>k</kbd>${" observation suivante / précédente, "}<kbd>x</kbd>${" la sélectionner, "}<kbd>r</kbd>${" la marquer comme relue."}</p>
    </section>
  `;
}

const typing = (element) => element?.closest?.("input, textarea, select, [contenteditable]");

/** j / k move the focus between the cards' titles; x ticks the current one; r marks it read. */
export function useQueueKeys(items, { onToggle, onReview }) {
  useEffect(() => {
    function current() {
      const card = document.activeElement?.closest?.("article.moderation-card");
      return card ? items.findIndex((o) => "observation-" + o.id === card.id) : -1;
    }
    function onKey(event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      const index = current();
      if (event.key === "j" || event.key === "k") {
        const next = event.key === "j" ? Math.min(items.length - 1, index + 1) : Math.max(0, index - 1);
        const target = items[next];
        if (!target) return;
        event.preventDefault();
        const title = document.getElementById("title-" + target.id);
        title?.focus();
        title?.scrollIntoView({ block: "nearest" });
      } else if (event.key === "x" && index >= 0) {
        event.preventDefault();
        onToggle(items[index].id);
      } else if (event.key === "r" && index >= 0) {
        event.preventDefault();
        onReview(items[index]);
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [items]);
}
