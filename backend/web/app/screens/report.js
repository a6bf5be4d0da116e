// "Signaler": where (GPS or a tap on the map), a theme, difficulty/resource/idea, a few words,
// photos if wanted — saved on the phone first, then sent.
import { useEffect, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { Icon } from "../../shared/icons.js";
import { GOOD_ACCURACY_M, usePosition } from "../../shared/geo.js";
import { PlaceMap } from "../../shared/map.js";
import { addItem, newItem } from "../outbox.js";
import { downscale } from "../photos.js";
import { syncNow } from "../sync.js";
import { ErrorSummary, ScreenTitle, Status } from "../../shared/ui.js";
import { checkObservation, DescriptionField, PolarityPicker, ThemePicker } from "./fields.js";

const round = (value) => Math.round(value * 1e6) / 1e6;

function placeStatus(position, picked) {
  if (picked) return ["ok", "Lieu choisi sur la carte."];
  switch (position.status) {
    case "searching":
      return ["info", "Recherche de votre position GPS… Vous pouvez aussi toucher la carte."];
    case "denied":
      return ["warning", "Localisation refusée : touchez la carte à l'endroit de votre observation."];
    case "unavailable":
      return ["warning", "Position GPS indisponible : touchez la carte à l'endroit de votre observation."];
    default:
      return position.accuracy <= GOOD_ACCURACY_M
        ? ["ok", `Position GPS trouvée, précise à ± ${position.accuracy} m.`]
        : ["warning", `Position GPS imprécise (± ${position.accuracy} m) : touchez la carte à l'endroit exact.`];
  }
}

function PhotoPicker({ photos, onAdd, onRemove, error }) {
  const [urls, setUrls] = useState([]);
  useEffect(() => {
    const made = photos.map((blob) => URL.createObjectURL(blob));
    setUrls(made);
    return () => made.forEach((url) => URL.revokeObjectURL(url));
  }, [photos]);
  return html`
    <fieldset class="field" id="field-photos">
      <legend>Photos (facultatif)</legend>
      <p class="hint">Évitez les visages et les plaques d'immatriculation.</p>
      ${error && html`<p class="field-error">${error}</p>`}
      <div class="photo-buttons">
        <label class="button secondary file-button">
          <input class="visually-hidden" type="file" accept="image/*" capture="environment"
            name="camera" onChange=${onAdd} />
          <${Icon} name="camera" /> Prendre une photo
        </label>
        <label class="button secondary file-button">
          <input class="visually-hidden" type="file" accept="image/*" multiple name="gallery" onChange=${onAdd} />
          <${Icon} name="image" /> Choisir une image
        </label>
      </div>
      ${
        photos.length > 0 &&
        html`<ul class="thumbs">
        ${urls.map(
          (url, index) => html`
            <li>
              <img src=${url} alt=${`Photo ${index + 1}`} />
              <button type="button" class="button small" onClick=${() => onRemove(index)}>
                Retirer la photo ${index + 1}
              </button>
            </li>`,
        )}
      </ul>`
      }
    </fieldset>
  `;
}

function savedMessage(id, items, online) {
  if (items && !items.some((i) => i.id === id)) return "Observation enregistrée et envoyée. Merci !";
  return online
    ? "Observation enregistrée. Envoi en cours…"
    : "Observation enregistrée sur ce téléphone. Elle sera envoyée quand le réseau reviendra.";
}

export function ReportScreen({ user, themes, outlines, config, online, items }) {
  const position = usePosition();
  const [picked, setPicked] = useState(null);
  const [theme, setTheme] = useState(null);
  const [polarity, setPolarity] = useState(null);
  const [text, setText] = useState("");
  const [photos, setPhotos] = useState([]);
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [saved, setSaved] = useState(null);
  const [busy, setBusy] = useState(false);

  const gps = position.status === "ok" ? position : null;
  const gpsGood = gps && gps.accuracy <= GOOD_ACCURACY_M;
  const place = picked
    ? { coordinates: picked, accuracy: null }
    : gpsGood
      ? { coordinates: [gps.lon, gps.lat], accuracy: gps.accuracy }
      : null;
  const [statusKind, statusText] = placeStatus(position, picked);

  async function addPhotos(event) {
    const files = [...event.target.files];
    event.target.value = "";
    for (const file of files) {
      try {
        const blob = await downscale(file);
        setPhotos((list) => [...list, blob]);
        setErrors((e) => ({ ...e, photos: undefined }));
      } catch (error) {
        setErrors((e) => ({ ...e, photos: error.message }));
      }
    }
  }

  async function submit(event) {
    event.preventDefault();
    const found = checkObservation({ theme, polarity, text });
    if (!place) found.place = "Indiquez le lieu : touchez la carte à l'endroit observé.";
    setErrors(found);
    if (Object.keys(found).length) {
      setSummary(Object.values(found));
      setSaved(null);
      return;
    }
    setBusy(true);
    const payload = {
      id: crypto.randomUUID(),
      observed_at: new Date().toISOString(),
      location: { type: "Point", coordinates: place.coordinates.map(round) },
      accuracy_m: place.accuracy,
      theme,
      polarity,
      text: text.trim(),
    };
    try {
      await addItem(newItem("observation", user.id, payload, photos));
    } catch {
      setSummary(["L'observation n'a pas pu être enregistrée sur ce téléphone (mémoire pleine ?)."]);
      setBusy(false);
      return;
    }
    setTheme(null);
    setPolarity(null);
    setText("");
    setPhotos([]);
    setPicked(null);
    setSummary(null);
    setBusy(false);
    setSaved(payload.id);
    scrollTo({ top: 0 });
    syncNow();
  }

  return html`
    <${ScreenTitle}>Signaler<//>
    ${
      saved &&
      html`<div class="saved"><${Status} kind="ok">${savedMessage(saved, items, online)}<//>
      <a href="#/mes-observations">Voir mes observations</a></div>`
    }
    <${ErrorSummary} messages=${summary} />
    <form onSubmit=${submit} noValidate>
      <fieldset class=${"field" + (errors.place && !place ? " has-error" : "")} id="field-place">
        <legend>Où ?</legend>
        <p class=${"place-status " + statusKind} role="status">
          <${Icon} name="gps" /> ${statusText}
        </p>
        ${errors.place && !place && html`<p class="field-error">${errors.place}</p>`}
        <${PlaceMap} gps=${gps} picked=${picked} onPick=${setPicked} outlines=${outlines} tiles=${config} />
        ${
          picked &&
          gpsGood &&
          html`<button type="button" class="button secondary" onClick=${() => setPicked(null)}>
          Utiliser plutôt ma position GPS
        </button>`
        }
      </fieldset>
      <${ThemePicker} themes=${themes} value=${theme} onChange=${setTheme} error=${errors.theme} />
      <${PolarityPicker} value=${polarity} onChange=${setPolarity} error=${errors.polarity} />
      <${DescriptionField} value=${text} onInput=${setText} error=${errors.text} />
      <${PhotoPicker} photos=${photos} error=${errors.photos}
        onAdd=${addPhotos} onRemove=${(i) => setPhotos((list) => list.filter((_, k) => k !== i))} />
      <button type="submit" class="button primary big" disabled=${busy}>
        <${Icon} name="send" /> Enregistrer l'observation
      </button>
    </form>
  `;
}
