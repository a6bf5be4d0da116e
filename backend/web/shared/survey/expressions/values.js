// XPath 1.0 values as ODK uses them, and the conversions between them — the same rules as the
// Python interpreter (surveys/expressions/values.py), checked by tests/data/expression_vectors.json.
// An expression works on strings, numbers, booleans, dates (DateValue) and node-sets (NodeSet:
// the answers of a question inside a repeat). Answers arrive as strings, as ODK encodes them.
import { daysSinceEpoch, formatDateValue, DateValue, parseDate } from "./dates.js";
import { asciiDigits, length, SPACE, strip } from "./text.js";

/** The string values of one question across the instances of a repeat. */
export class NodeSet {
  constructor(items) {
    this.items = items;
  }
}

export const NUMBER = new RegExp(`^[${SPACE}]*-?(?:\\p{Nd}+(?:\\.\\p{Nd}*)?|\\.\\p{Nd}+)[${SPACE}]*$`, "u");

const cachedReadings = new Map(); // text → its number, or the date it spells (null: neither)

function reading(text) {
  let value = cachedReadings.get(text);
  if (value !== undefined) return value;
  if (NUMBER.test(text)) value = parseFloat(asciiDigits(strip(text)));
  else value = (length(text) <= 40 ? parseDate(text) : null) || null;
  if (cachedReadings.size > 4096) cachedReadings.clear();
  cachedReadings.set(text, value);
  return value;
}

function stringToNumber(text) {
  const value = reading(text);
  if (typeof value === "number") return value;
  return value ? daysSinceEpoch(value) : NaN; // a date's number depends on the zone: not cached
}

/** A string that spells an ISO date or date-time ("2018-06-25" = "2018-06-25T00:00"). */
const looksLikeDate = (value) =>
  typeof value === "string" &&
  value.length >= 10 &&
  /^\p{Nd}{4}/u.test(value) &&
  length(value) <= 40 &&
  reading(value) instanceof DateValue;

/** Numbers this close are equal (JavaRosa's rule: 6.1 - 7.8 = -1.7 is true). */
const EQUALITY_TOLERANCE = 1e-12;
const numbersEqual = (a, b) => a === b || Math.abs(a - b) < EQUALITY_TOLERANCE;

/** XPath ``number()``, extended to ISO dates (days since 1970-01-01). */
export function toNumber(value) {
  switch (typeof value) {
    case "number":
      return value;
    case "string":
      return stringToNumber(value);
    case "boolean":
      return value ? 1 : 0;
    default:
      return value instanceof DateValue ? daysSinceEpoch(value) : stringToNumber(toString(value));
  }
}

/** XPath ``string()``. */
export function toString(value) {
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return formatNumber(value);
    default:
      if (value instanceof NodeSet) return value.items.length ? value.items[0] : "";
      return formatDateValue(value);
  }
}

/** XPath ``boolean()``. */
export function toBoolean(value) {
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      return !(value === 0 || Number.isNaN(value));
    case "string":
      return value.length > 0;
    default:
      return value instanceof NodeSet ? value.items.length > 0 : true;
  }
}

/** ``1.25e-7`` → ``0.000000125``: the shortest round-trip digits, written without exponent. */
export function plainDecimal(number) {
  const [mantissa, exponent] = Math.abs(number).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const point = Number(exponent) + 1; // digits before the decimal point
  let text;
  if (point <= 0) text = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) text = digits + "0".repeat(point - digits.length);
  else text = digits.slice(0, point) + "." + digits.slice(point);
  return (number < 0 ? "-" : "") + text;
}

/** XPath's string form of a number: no exponent, no trailing ``.0``. */
export function formatNumber(number) {
  if (Number.isNaN(number)) return "NaN";
  if (!Number.isFinite(number)) return number > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(number) && Math.abs(number) < 1e21) return BigInt(number).toString();
  return plainDecimal(number);
}

const NUMERIC = {
  "=": numbersEqual,
  "!=": (a, b) => !numbersEqual(a, b),
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

/** XPath comparison: node-sets compare existentially, then boolean, number, date, string. */
export function compare(symbol, left, right) {
  if (typeof left === "number" && typeof right === "number") return NUMERIC[symbol](left, right);
  if (left instanceof NodeSet || right instanceof NodeSet) return compareNodeSet(symbol, left, right);
  if (symbol === "=" || symbol === "!=") {
    const same = equal(left, right);
    return symbol === "=" ? same : !same;
  }
  return NUMERIC[symbol](toNumber(left), toNumber(right));
}

function equal(left, right) {
  if (typeof left === "boolean" || typeof right === "boolean") return toBoolean(left) === toBoolean(right);
  if (typeof left === "number" || typeof right === "number") return numbersEqual(toNumber(left), toNumber(right));
  if (left instanceof DateValue || right instanceof DateValue || (looksLikeDate(left) && looksLikeDate(right))) {
    const a = toNumber(left);
    const b = toNumber(right);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a === b;
  }
  return toString(left) === toString(right);
}

function compareNodeSet(symbol, left, right) {
  if (left instanceof NodeSet && right instanceof NodeSet) {
    return left.items.some((a) => right.items.some((b) => compare(symbol, a, b)));
  }
  if (left instanceof NodeSet) {
    if (typeof right === "boolean") return compare(symbol, toBoolean(left), right);
    return left.items.some((item) => compare(symbol, item, right));
  }
  if (typeof left === "boolean") return compare(symbol, left, toBoolean(right));
  return right.items.some((item) => compare(symbol, left, item));
}
