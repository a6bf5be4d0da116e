// "Modifier": an observation still on the phone is changed there (and sent again); one the server
// has is changed with PATCH (network needed).
import { useEffect, useState } from "preact/hooks";
import { getJson, sendJson } from "../../shared/api.js";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { getItem, updateItem } from "../outbox.js";
import { go } from "../../shared/router.js";
import { syncNow } from "../sync.js";
import { ErrorSummary, ScreenTitle, Status } from "../../shared/ui.js";
import { checkObservation, DescriptionField, PolarityPicker, ThemePicker } from "./fields.js";

async function loadObservation(id) {
  const item = await getItem(id);
  if (item && !item.stored) return { source: "outbox", observation: item.payload };
  return { source: "server", observation: await getJson(`/observations/${id}`) };
}

export function EditScreen({ id, themes }) {
  const [loaded, setLoaded] = useState(null);
  const [problem, setProblem] = useState(null);
  const [form, setForm] = useState(null);
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);

  useEffect(() => {
    loadObservation(id).then(
      (result) => {
        setLoaded(result);
        const { theme, polarity, text } = result.observation;
        setForm({ theme, polarity, text });
      },
      (error) => setProblem(error.message),
    );
  }, [id]);

  if (problem)
    return html`<${ScreenTitle}>Modifier<//><${Status} kind="warning">${problem}<//>
    <a class="button secondary" href="#/mes-observations">Retour à mes observations</a>`;
  if (!form) return html`<${ScreenTitle}>Modifier<//><p>Chargement…</p>`;

  const set = (key) => (value) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(event) {
    event.preventDefault();
    const found = checkObservation(form);
    setErrors(found);
    if (Object.keys(found).length) return setSummary(Object.values(found));
    const changes = { ...form, text: form.text.trim() };
    try {
      if (loaded.source === "outbox") {
        await updateItem(id, (item) => ({
          ...item,
          payload: { ...item.payload, ...changes },
          state: "pending",
          errors: null,
          attempts: 0,
          nextAttemptAt: 0,
        }));
        syncNow();
      } else {
        const before = loaded.observation;
        const patch = Object.fromEntries(Object.entries(changes).filter(([k, v]) => before[k] !== v));
        if (Object.keys(patch).length) await sendJson("PATCH", `/observations/${id}`, patch);
      }
      go("/mes-observations");
    } catch (error) {
      setErrors(
        Object.fromEntries(Object.entries(error.fieldErrors || {}).map(([k, v]) => [k, [].concat(v).join(" ")])),
      );
      setSummary([error.message, ...describeErrors(error.fieldErrors)]);
    }
  }

  return html`
    <${ScreenTitle}>Modifier l'observation<//>
    ${loaded.source === "outbox" && html`<p class="hint">Cette observation n'est pas encore envoyée : la modification sera envoyée avec elle.</p>`}
    <${ErrorSummary} messages=${summary} />
    <form onSubmit=${submit} noValidate>
      <${ThemePicker} themes=${themes} value=${form.theme} onChange=${set("theme")} error=${errors.theme} />
      <${PolarityPicker} value=${form.polarity} onChange=${set("polarity")} error=${errors.polarity} />
      <${DescriptionField} value=${form.text} onInput=${set("text")} error=${errors.text} />
      <div class="actions">
        <button type="submit" class="button primary big">Enregistrer les modifications</button>
        <a class="button secondary" href="#/mes-observations">Annuler</a>
      </div>
    </form>
  `;
}
