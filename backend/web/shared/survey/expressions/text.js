// Text as the server's Python sees it: whitespace is str.isspace(), lengths are code points,
// and decimal digits of any script are digits.
export class ExpressionError extends Error {
  /** An expression that cannot run; ``code`` is one of the shared vectors' error codes. */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${SPACE}]+`, "u");
const EDGES = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "gu");
const DIGIT = /\p{Nd}/u;

export const strip = (text) => text.replace(EDGES, "");
export const split = (text) => strip(text).split(SPACES).filter(Boolean);
export const codePoints = (text) => Array.from(text);
/** Length in Unicode code points, as Python counts. */
export const length = (text) => (/[\ud800-\udfff]/.test(text) ? codePoints(text).length : text.length);

/** Decimal digits of any script as ASCII (Python's float() and int() read them all). */
export function asciiDigits(text) {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return codePoints(text)
    .map((char) => {
      if (char < "\x80" || !DIGIT.test(char)) return char;
      const point = char.codePointAt(0);
      let zero = point; // digits come in runs of ten, 0 to 9
      while (zero > point - 9 && DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
      return String(point - zero);
    })
    .join("");
}
