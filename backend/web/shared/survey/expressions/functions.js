// The function library of XLSForm expressions: names, arities and implementations, as in the
// server's surveys/expressions/functions.py. Each implementation takes the context first, then
// its evaluated arguments; if() is the one lazy function (only the branch it picks runs).
import {
  currentZone,
  daysSinceEpoch,
  DateValue,
  fromJsDate,
  languageCode,
  localise,
  momentFromDays,
  parseDate,
  parseLooseDate,
  parseTime,
  renderDate,
} from "./dates.js";
import * as extensions from "./extensions.js";
import { area, distance } from "./geo.js";
import { matches } from "./regex.js";
import { codePoints, ExpressionError, length, split, strip } from "./text.js";
import { NodeSet, NUMBER, toBoolean, toNumber, toString } from "./values.js";

export const MAX_STRING_RESULT = 65_536;

function textResult(text) {
  if (text.length > MAX_STRING_RESULT && length(text) > MAX_STRING_RESULT) {
    throw new ExpressionError("result_too_long", `texte calculé trop long (maximum ${MAX_STRING_RESULT} caractères)`);
  }
  return text;
}

/** ``number`` truncated to an integer, or null when it is NaN or infinite. */
const whole = (number) => (Number.isFinite(number) ? Math.trunc(number) : null);
const items = (values) => values.flatMap((v) => (v instanceof NodeSet ? v.items : [toString(v)]));
const numbers = (values) => values.flatMap((v) => (v instanceof NodeSet ? v.items.map(toNumber) : [toNumber(v)]));
const xpathRound = (n) => (Number.isFinite(n) ? Math.floor(n + 0.5) : n);

// --- dates: read in the evaluation's zone; an empty value gives "", an unreadable one NaN ------

/** ODK date(): a date or date-time from a date, a number of days or an ISO string. */
function toDate(value) {
  if (value instanceof DateValue) return localise(value);
  if (typeof value === "number") return momentFromDays(value);
  if (typeof value === "boolean") throw new ExpressionError("invalid_date", "un booléen n’est pas une date");
  const text = strip(toString(value));
  if (NUMBER.test(text)) return momentFromDays(toNumber(text));
  const date = parseDate(text) || parseLooseDate(text);
  if (!date)
    throw new ExpressionError("invalid_date", `« ${codePoints(text).slice(0, 40).join("")} » n’est pas une date`);
  return localise(date);
}

function date(context, value) {
  if (!strip(toString(value)) && (typeof value === "string" || value instanceof NodeSet)) return "";
  try {
    return toDate(value);
  } catch (error) {
    if (error instanceof ExpressionError) return NaN;
    throw error;
  }
}

function today(context) {
  const now = localise(context.now());
  return new DateValue(now.year, now.month, now.day);
}

function decimalDateTime(context, value) {
  const moment = date(context, value);
  return moment instanceof DateValue ? daysSinceEpoch(moment) : NaN;
}

/** The fraction of the local day a time (``HH:MM:SS[offset]``) stands for. */
function decimalTime(context, value) {
  const time = parseTime(toString(value));
  if (!time) return NaN;
  const [h, m, s, micro, offset] = time;
  let seconds = h * 3600 + m * 60 + s;
  if (offset !== undefined) seconds = (((seconds + (currentZone() - offset) * 60) % 86400) + 86400) % 86400;
  return (seconds + micro / 1e6) / 86400;
}

function formatDate(context, value, pattern) {
  const moment = date(context, value);
  return moment instanceof DateValue ? renderDate(moment, toString(pattern), languageCode(context.language)) : "";
}

// --- text --------------------------------------------------------------------------------

/** JavaScript's slice() reading of an index: NaN is 0, negatives count from the end. */
function sliceIndex(number, length) {
  if (Number.isNaN(number)) return 0;
  if (!Number.isFinite(number)) return number > 0 ? length : 0;
  const index = Math.trunc(number);
  return index < 0 ? Math.max(0, length + index) : Math.min(index, length);
}

/** ODK substr(s, start[, end]): 0-based, end excluded, negatives from the end. */
function substr(context, text, start, ...end) {
  const chars = codePoints(toString(text));
  const from = sliceIndex(toNumber(start), chars.length);
  const to = end.length ? sliceIndex(toNumber(end[0]), chars.length) : chars.length;
  return chars.slice(from, to).join("");
}

/** XPath substring(s, start[, length]): 1-based positions, rounded. */
function substring(context, text, start, ...size) {
  const first = xpathRound(toNumber(start));
  const stop = size.length ? first + xpathRound(toNumber(size[0])) : Infinity;
  if (Number.isNaN(first) || Number.isNaN(stop)) return "";
  return codePoints(toString(text))
    .filter((_, i) => first <= i + 1 && i + 1 < stop)
    .join("");
}

function substringBefore(context, text, separator) {
  const haystack = toString(text);
  const index = haystack.indexOf(toString(separator));
  return index > 0 ? haystack.slice(0, index) : "";
}

function substringAfter(context, text, separator) {
  const haystack = toString(text);
  const needle = toString(separator);
  const index = haystack.indexOf(needle);
  return index >= 0 ? haystack.slice(index + needle.length) : "";
}

/** XPath's whitespace (space, tab, CR, LF) only: form feeds and the like are kept. */
const normalizeSpace = (text) =>
  text
    .split(/[ \t\r\n]+/)
    .filter(Boolean)
    .join(" ");

function translate(context, text, source, target) {
  const from = codePoints(toString(source));
  const to = codePoints(toString(target));
  const table = new Map();
  from.forEach((char, i) => table.has(char) || table.set(char, i < to.length ? to[i] : ""));
  return codePoints(toString(text))
    .map((c) => (table.has(c) ? table.get(c) : c))
    .join("");
}

function choiceName(context, value, question) {
  const path = strip(toString(question));
  const name = path.startsWith("${") ? strip(path.slice(2, -1)) : path.split("/").pop();
  const choice = toString(value);
  if (!context.choiceLabel || !choice) return "";
  return context.choiceLabel(name, choice);
}

// --- numbers -----------------------------------------------------------------------------

/** Halves towards positive infinity on the decimal written form of ``number`` (Python's
 * Decimal.quantize, ROUND_HALF_UP above zero, ROUND_HALF_DOWN below). */
function roundDecimal(number, places) {
  const [mantissa, exponent] = Math.abs(number).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const point = Number(exponent) + 1; // position of the decimal point in ``digits``
  const keep = point + places; // digits kept
  if (keep > 28) return number; // beyond Decimal's 28 digits: InvalidOperation, left as is
  if (keep < 0) return 0 * Math.sign(number);
  let kept = BigInt(digits.padEnd(keep, "0").slice(0, keep) || "0");
  const dropped = digits.slice(keep);
  const half = /^50*$/.test(dropped);
  if (number >= 0 ? dropped[0] >= "5" : dropped[0] > "5" || (dropped[0] === "5" && !half)) kept += 1n;
  const text = `${kept}e${-places}`;
  return (number < 0 ? -1 : 1) * Number(text);
}

/** round(x[, n]): halves go towards positive infinity (XPath, ODK Collect); a decimal comma is read. */
function round(context, value, digits = 0) {
  const number = toNumber(typeof value === "string" ? value.replaceAll(",", ".") : value);
  const places = toNumber(digits);
  if (!Number.isFinite(number) || Number.isNaN(places) || Math.abs(places) > 300) return number;
  if (Math.trunc(places) === 0) return xpathRound(number);
  return roundDecimal(number, Math.trunc(places));
}

/** math.pow as Python sees it: errors are NaN, overflow Infinity (when |base| > 1). */
function power(context, base, exponent) {
  const a = toNumber(base);
  const b = toNumber(exponent);
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  if (b === 0) return 1;
  if (Number.isFinite(a) && Number.isFinite(b)) {
    if ((a < 0 && !Number.isInteger(b)) || (a === 0 && b < 0)) return NaN;
    const result = Math.pow(a, b);
    if (!Number.isFinite(result)) return Math.abs(a) > 1 && b > 0 ? Infinity : NaN;
    return result;
  }
  return Math.pow(a, b);
}

/** A one-argument math function; Python raises where JavaScript gives an infinity: NaN. */
function math(fn, { finiteOnly = false, overflow = false } = {}) {
  return (context, value) => {
    const x = toNumber(value);
    if (finiteOnly && !Number.isFinite(x)) return NaN; // Python raises: NaN
    const result = fn(x);
    return overflow && Number.isFinite(x) && !Number.isFinite(result) ? NaN : result;
  };
}

const logarithm = (fn) => (x) => (x === 0 ? -Infinity : fn(x));

/** Exact sum (Shewchuk's algorithm, as Python's math.fsum). */
function fsum(values) {
  const partials = [];
  let special = 0;
  for (let x of values) {
    if (!Number.isFinite(x)) {
      special += x;
      continue;
    }
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  if (special || Number.isNaN(special)) return special; // infinities; Infinity - Infinity is NaN
  if (partials.some((p) => !Number.isFinite(p))) return partials.reduce((a, b) => a + b, 0); // overflow
  let total = 0;
  let n = partials.length;
  if (n) {
    total = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = total;
      const y = partials[--n];
      total = x + y;
      lo = y - (total - x);
      if (lo) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = total + y;
      if (y === x - total) total = x;
    }
  }
  return total;
}

function extreme(pick) {
  return (context, ...values) => {
    const list = numbers(values);
    if (!list.length || list.some(Number.isNaN)) return NaN;
    return pick(...list);
  };
}

function indexedRepeat(context, names, values) {
  const index = whole(toNumber(values[2]));
  const instances = context.instancesOf(names[0]);
  if (index === null || index < 1 || index > instances.items.length) return "";
  return instances.items[index - 1];
}

const constant = (value) => () => value;
const current = (context, args) => (args.length ? args[0] : context.current);

const SPECS = [
  ["selected", 2, 2, (c, answer, choice) => split(toString(answer)).includes(strip(toString(choice)))],
  ["count-selected", 1, 1, (c, answer) => split(toString(answer)).length],
  [
    "selected-at",
    2,
    2,
    (c, answer, index) => {
      const tokens = split(toString(answer));
      const at = whole(toNumber(index));
      return at === null || at < 0 || at >= tokens.length ? "" : tokens[at];
    },
  ],
  ["jr:choice-name", 2, 2, choiceName],
  ["concat", 0, null, (c, ...values) => textResult(items(values).join(""))],
  ["join", 1, null, (c, separator, ...values) => textResult(items(values).join(toString(separator)))],
  ["substr", 2, 3, substr],
  ["substring", 2, 3, substring],
  ["substring-before", 2, 2, substringBefore],
  ["substring-after", 2, 2, substringAfter],
  ["string-length", 0, 1, (c, ...v) => length(toString(current(c, v)))],
  ["normalize-space", 0, 1, (c, ...v) => normalizeSpace(toString(current(c, v)))],
  ["contains", 2, 2, (c, a, b) => toString(a).includes(toString(b))],
  ["starts-with", 2, 2, (c, a, b) => toString(a).startsWith(toString(b))],
  ["ends-with", 2, 2, (c, a, b) => toString(a).endsWith(toString(b))],
  ["translate", 3, 3, translate],
  ["regex", 2, 2, (c, a, b) => matches(toString(a), toString(b))],
  ["if", 3, 3, (c, test, then, other) => (toBoolean(test(c)) ? then(c) : other(c)), { lazy: true }],
  ["coalesce", 2, 2, (c, first, second) => (toString(first) !== "" ? first : second)],
  ["once", 1, 1, (c, value) => (toString(c.current) !== "" ? c.current : value)],
  ["string", 0, 1, (c, ...v) => toString(current(c, v))],
  ["number", 0, 1, (c, ...v) => toNumber(current(c, v))],
  ["boolean", 1, 1, (c, v) => toBoolean(v)],
  ["boolean-from-string", 1, 1, (c, v) => ["true", "1"].includes(toString(v))],
  ["checklist", 2, null, extensions.checklist],
  ["weighted-checklist", 2, null, extensions.weightedChecklist, { pairs: true }],
  ["count-non-empty", 1, 1, extensions.countNonEmpty],
  ["digest", 2, 3, extensions.digest],
  ["base64-decode", 1, 1, extensions.base64Decode],
  ["random", 0, 0, () => Math.random()],
  ["area", 1, 1, (c, v) => area([v])],
  ["distance", 1, null, (c, ...v) => distance(v)],
  ["not", 1, 1, (c, v) => !toBoolean(v)],
  ["true", 0, 0, constant(true)],
  ["false", 0, 0, constant(false)],
  [
    "int",
    1,
    1,
    (c, v) => {
      const n = toNumber(v);
      return Number.isFinite(n) ? Math.trunc(n) : n;
    },
  ],
  ["round", 1, 2, round],
  ["floor", 1, 1, math(Math.floor, { finiteOnly: true })],
  ["ceiling", 1, 1, math(Math.ceil, { finiteOnly: true })],
  ["abs", 1, 1, math(Math.abs)],
  ["sqrt", 1, 1, math(Math.sqrt)],
  ["exp", 1, 1, math(Math.exp, { overflow: true })],
  ["log", 1, 1, math(logarithm(Math.log))],
  ["log10", 1, 1, math(logarithm(Math.log10))],
  ["pow", 2, 2, power],
  ["sin", 1, 1, math(Math.sin)],
  ["cos", 1, 1, math(Math.cos)],
  ["tan", 1, 1, math(Math.tan)],
  ["asin", 1, 1, math(Math.asin)],
  ["acos", 1, 1, math(Math.acos)],
  ["atan", 1, 1, math(Math.atan)],
  ["atan2", 2, 2, (c, y, x) => Math.atan2(toNumber(y), toNumber(x))],
  ["exp10", 1, 1, (c, v) => power(c, 10, v)],
  ["pi", 0, 0, constant(Math.PI)],
  ["sum", 1, null, (c, ...values) => fsum(numbers(values))],
  ["count", 1, 1, (c, v) => (v instanceof NodeSet ? v.items.length : 1)],
  ["max", 1, null, extreme(Math.max)],
  ["min", 1, null, extreme(Math.min)],
  ["position", 0, 1, (c) => c.position],
  ["indexed-repeat", 3, 7, indexedRepeat, { byName: true }],
  ["uuid", 0, 1, extensions.uuid],
  ["today", 0, 0, today],
  ["now", 0, 0, (c) => localise(c.now())],
  ["date", 1, 1, date],
  ["date-time", 1, 1, date],
  ["decimal-date-time", 1, 1, decimalDateTime],
  ["decimal-time", 1, 1, decimalTime],
  ["format-date", 2, 2, formatDate],
  ["format-date-time", 2, 2, formatDate],
];

const REGISTRY = new Map(
  SPECS.map(([name, min, max, impl, options = {}]) => [name, { name, min, max, impl, ...options }]),
);

/** ODK functions the app cannot evaluate, and why: a form using them is refused at import. */
const UNSUPPORTED = {
  pulldata: "elle lit un fichier joint au formulaire (CSV), pas encore pris en charge",
  instance:
    "elle lit une liste de choix ou un fichier joint par un chemin XPath, pas encore pris en charge : utilisez choice_filter ou jr:choice-name()",
  current: "elle ne sert que dans les chemins instance(…), pas encore pris en charge",
  randomize: "l’ordre aléatoire des choix se règle par le paramètre randomize=true",
  "jr:itext": "les traductions sont lues depuis les colonnes label::langue",
  version: "la version du formulaire n’est pas disponible dans les expressions",
  property: "les propriétés de l’appareil ne sont pas disponibles",
};

/** The function called ``name``, checked for ``count`` arguments. */
export function lookup(name, count) {
  const spec = REGISTRY.get(name);
  if (!spec && Object.hasOwn(UNSUPPORTED, name)) {
    throw new ExpressionError(
      "unsupported_function",
      `la fonction ${name}() n’est pas prise en charge : ${UNSUPPORTED[name]}`,
    );
  }
  if (!spec) throw new ExpressionError("unknown_function", `fonction inconnue : ${name}()`);
  if (count < spec.min || (spec.max !== null && count > spec.max)) {
    const expected =
      spec.min === spec.max
        ? String(spec.min)
        : spec.max !== null
          ? `${spec.min} à ${spec.max}`
          : `au moins ${spec.min}`;
    throw new ExpressionError("wrong_argument_count", `${name}() attend ${expected} argument(s), ${count} donné(s)`);
  }
  if (spec.pairs && count % 2) {
    throw new ExpressionError("wrong_argument_count", `${name}() attend un nombre pair d’arguments, ${count} donné(s)`);
  }
  return spec;
}

export { fromJsDate };
