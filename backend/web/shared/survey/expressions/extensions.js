// ODK's own functions beyond XPath: checklists, digests, base64, tokens — as the server's
// surveys/expressions/extensions.py. Each takes the context first, then its evaluated arguments.
import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { ExpressionError } from "./text.js";
import { NodeSet, toBoolean, toNumber, toString } from "./values.js";

const flat = (values) => values.flatMap((v) => (v instanceof NodeSet ? v.items : [v]));

function within(low, high, count) {
  const minimum = toNumber(low);
  const maximum = toNumber(high);
  return (minimum === -1 || count >= minimum) && (maximum === -1 || count <= maximum);
}

/** Whether the number of true answers is between ``low`` and ``high`` (-1: no bound). */
export const checklist = (c, low, high, ...values) => within(low, high, flat(values).filter(toBoolean).length);

/** Like checklist(), each answer weighted by the argument after it (or two node-sets, paired). */
export function weightedChecklist(c, low, high, ...values) {
  const pairs = [];
  if (values.length === 2 && values.every((v) => v instanceof NodeSet)) {
    const count = Math.min(values[0].items.length, values[1].items.length);
    for (let i = 0; i < count; i += 1) pairs.push([values[0].items[i], values[1].items[i]]);
  } else {
    for (let i = 0; i < values.length; i += 2) pairs.push([values[i], values[i + 1]]);
  }
  let total = 0;
  for (const [item, weight] of pairs) if (toBoolean(item)) total += toNumber(weight);
  return within(low, high, total);
}

export const countNonEmpty = (c, value) =>
  (value instanceof NodeSet ? value.items : [toString(value)]).filter((item) => item !== "").length;

const DIGESTS = { MD5: md5, "SHA-1": sha1, "SHA-256": sha256, "SHA-384": sha384, "SHA-512": sha512 };

function base64(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** digest(text, 'SHA-256'[, 'hex'|'base64']) of the UTF-8 bytes of text. */
export function digest(c, text, algorithm, ...encoding) {
  const name = toString(algorithm);
  const form = encoding.length ? toString(encoding[0]) : "base64";
  if (!Object.hasOwn(DIGESTS, name) || (form !== "hex" && form !== "base64")) {
    throw new ExpressionError(
      "invalid_argument",
      `digest() : algorithme « ${name.slice(0, 20)} » ou encodage « ${form.slice(0, 20)} » inconnu (MD5, SHA-1, SHA-256, SHA-384, SHA-512 ; hex ou base64)`,
    );
  }
  const bytes = DIGESTS[name](new TextEncoder().encode(toString(text)));
  return form === "hex" ? Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") : base64(bytes);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The UTF-8 text encoded in base64, or "" when it is not. */
export function base64Decode(c, value) {
  const text = toString(value);
  if (!BASE64.test(text)) return "";
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)));
  } catch {
    return "";
  }
}

const MAX_TOKEN = 1000;
const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A random UUID (version 4), or a random token of ``length`` letters and digits. */
export function uuid(c, ...length) {
  if (!length.length) return crypto.randomUUID();
  const number = toNumber(length[0]);
  const size = Number.isFinite(number) ? Math.trunc(number) : -1;
  if (size < 0 || size > MAX_TOKEN)
    throw new ExpressionError("invalid_argument", `uuid() : longueur entre 0 et ${MAX_TOKEN}`);
  const random = crypto.getRandomValues(new Uint32Array(size));
  return Array.from(random, (r) => TOKEN_CHARS[r % TOKEN_CHARS.length]).join("");
}
