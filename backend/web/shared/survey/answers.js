// One answer read for its question's type, as the server's surveys/answers.py reads it: the plain
// JSON the API receives (numbers, lists, GeoJSON points) and the ODK string expressions see.
import { formatNumber, toString } from "./expressions/values.js";
import { parseDate, parseTime } from "./expressions/dates.js";

export class AnswerError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/;
const ACKNOWLEDGED = new Set(["ok", "true", "1", "yes", "oui"]);

/** Unanswered: nothing, a blank text, an empty list or object. */
export function isEmpty(value) {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return !value.trim();
  if (Array.isArray(value)) return !value.length;
  return typeof value === "object" && !Object.keys(value).length;
}

function number(value) {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && DECIMAL.test(value.trim())) return Number(value.trim().replace(",", "."));
  throw new Error("not a number");
}

function text(value) {
  if (typeof value === "boolean") value = value ? "true" : "false";
  else if (typeof value === "number") value = formatNumber(value);
  if (typeof value !== "string") throw new AnswerError("type", "du texte est attendu");
  return [value, value];
}

function integer(value) {
  let result;
  try {
    if (typeof value === "string" && INTEGER.test(value.trim())) result = Number(value.trim());
    else {
      result = number(value);
      if (!Number.isInteger(result)) throw new Error("fraction");
    }
  } catch {
    throw new AnswerError("type", "un nombre entier est attendu");
  }
  return [result, String(result)];
}

function decimal(value) {
  try {
    const result = number(value);
    return [result, formatNumber(result)];
  } catch {
    throw new AnswerError("type", "un nombre est attendu (par exemple 12,5)");
  }
}

const DATE_ZONE = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** "2026-11-20", or XML Schema's date with a zone ("2026-11-20+01:00"): the calendar date is kept. */
function date(value) {
  const match = typeof value === "string" ? DATE_ZONE.exec(value.trim()) : null;
  const parsed = match ? parseDate(match[1]) : null;
  if (!parsed || parsed.isDateTime) throw new AnswerError("type", "une date est attendue (AAAA-MM-JJ)");
  return [match[1], match[1]];
}

function time(value) {
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (!parseTime(trimmed)) throw new AnswerError("type", "une heure est attendue (HH:MM ou HH:MM:SS)");
  return [trimmed, trimmed];
}

function datetime(value) {
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (!parseDate(trimmed)?.isDateTime) throw new AnswerError("type", "une date et une heure sont attendues (ISO 8601)");
  return [trimmed, trimmed];
}

/** A GeoJSON point ``[lon, lat]`` (plus ``accuracy`` in metres); ODK's "lat lon alt accuracy". */
function geopoint(value) {
  const point = value && value.type === "Point" && Array.isArray(value.coordinates) ? value : null;
  const [lon, lat, alt] = point ? point.coordinates : [];
  if (!point || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new AnswerError("type", "un point est attendu (« latitude longitude » ou point GeoJSON)");
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new AnswerError("type", "coordonnées hors limites (latitude ±90, longitude ±180)");
  }
  const accuracy = Number.isFinite(point.accuracy) ? point.accuracy : null;
  const normalised = { type: "Point", coordinates: alt === undefined ? [lon, lat] : [lon, lat, alt] };
  if (accuracy !== null) normalised.accuracy = accuracy;
  return [normalised, [lat, lon, alt || 0, accuracy || 0].map(formatNumber).join(" ")];
}

function acknowledge(value) {
  if (value === true || (typeof value === "string" && ACKNOWLEDGED.has(value.trim().toLowerCase())))
    return ["OK", "OK"];
  throw new AnswerError("type", "seule la réponse « OK » est possible");
}

function choice(value, allowed) {
  if (typeof value === "number") value = formatNumber(value);
  if (typeof value !== "string") throw new AnswerError("type", "le nom d’un choix est attendu");
  const name = value.trim();
  if (!allowed.has(name)) throw new AnswerError("choice", `« ${name} » ne fait pas partie des choix proposés`);
  return [name, name];
}

function choices(value, allowed) {
  let list;
  if (typeof value === "string") list = value.split(/\s+/).filter(Boolean);
  else if (Array.isArray(value)) list = value.map((item) => choice(item, allowed)[0]);
  else throw new AnswerError("type", "une liste de choix est attendue");
  const unknown = list.filter((name) => !allowed.has(name));
  if (unknown.length)
    throw new AnswerError(
      "choice",
      `${unknown.map((n) => `« ${n} »`).join(", ")} ne fait pas partie des choix proposés`,
    );
  const unique = [...new Set(list)];
  return [unique, unique.join(" ")];
}

const READERS = { integer, decimal, range: decimal, date, time, datetime, geopoint, acknowledge, image: text };

function checkRange(spec, value) {
  const parameters = spec.node.parameters || {};
  const start = Number(parameters.start ?? 1);
  const end = Number(parameters.end ?? 10);
  const step = Number(parameters.step ?? 1);
  if (![start, end, step].every(Number.isFinite)) return;
  const [low, high] = [Math.min(start, end), Math.max(start, end)];
  const steps = step ? (value - start) / step : 0;
  if (value < low || value > high || Math.abs(steps - Math.round(steps)) > 1e-9) {
    throw new AnswerError(
      "type",
      `une valeur entre ${formatNumber(low)} et ${formatNumber(high)} par pas de ${formatNumber(step)} est attendue`,
    );
  }
}

/** ``[normalised, odk]`` for a submitted value; throws AnswerError (``type`` or ``choice``). */
export function readAnswer(spec, raw) {
  const allowed = () => new Set(spec.choices.map((c) => c.name));
  if (spec.type === "select_one") return choice(raw, allowed());
  if (spec.type === "select_multiple" || spec.type === "rank") return choices(raw, allowed());
  let [value, odk] = (READERS[spec.type] || text)(raw);
  if (spec.type === "range") {
    checkRange(spec, value);
    odk = toString(value);
  }
  return [value, odk];
}

/** A datetime-local value ("2026-11-20T18:30") as ISO 8601 with the phone's offset at that time. */
export function localDateTime(value) {
  const [day, clock] = value.split("T");
  const [y, m, d] = day.split("-").map(Number);
  const [h, mi] = clock.split(":").map(Number);
  const offset = -new Date(y, m - 1, d, h, mi).getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  return `${day}T${pad(h)}:${pad(mi)}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}
