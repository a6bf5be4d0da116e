// RE2's pattern syntax, parsed into a tree for regex.js: literals, ".", classes ([…], \\d \\w \\s,
// POSIX [[:alpha:]], Unicode \\pL), anchors, groups, alternation, repetitions, flags (?imsU).
// Whatever RE2 refuses is refused here (invalid_regex), including its limit on repetitions.
import { ExpressionError } from "./text.js";

const MAX_REPEAT = 1000; // RE2's limit, on one repetition and on nested repetitions multiplied

export const invalid = (pattern) =>
  new ExpressionError(
    "invalid_regex",
    `expression régulière incorrecte : « ${Array.from(pattern).slice(0, 60).join("")} »`,
  );

export const cp = (char) => char.codePointAt(0);
export const range = (lo, hi) => ({ lo, hi });
const DIGITS = [range(48, 57)];
export const WORD = [range(48, 57), range(65, 90), range(95, 95), range(97, 122)];
const SPACE = [range(9, 10), range(12, 13), range(32, 32)];
const PERL = { d: DIGITS, w: WORD, s: SPACE };
const POSIX = {
  alnum: [range(48, 57), range(65, 90), range(97, 122)],
  alpha: [range(65, 90), range(97, 122)],
  ascii: [range(0, 127)],
  blank: [range(9, 9), range(32, 32)],
  cntrl: [range(0, 31), range(127, 127)],
  digit: DIGITS,
  graph: [range(33, 126)],
  lower: [range(97, 122)],
  print: [range(32, 126)],
  punct: [range(33, 47), range(58, 64), range(91, 96), range(123, 126)],
  space: [range(9, 13), range(32, 32)],
  upper: [range(65, 90)],
  word: WORD,
  xdigit: [range(48, 57), range(65, 70), range(97, 102)],
};
const CATEGORIES = /^(?:[LMNPSZC]|L[ultmo]|M[nce]|N[dlo]|P[cdseifo]|S[mcko]|Z[slp]|C[cfso])$/;

function unicodeClass(name) {
  if (name === "Any") return [range(0, 0x10ffff)];
  try {
    const re = new RegExp(CATEGORIES.test(name) ? `^\\p{${name}}$` : `^\\p{Script=${name}}$`, "u");
    return [{ test: (c) => re.test(String.fromCodePoint(c)) }];
  } catch {
    return null;
  }
}

export const inClass = (items, c) => items.some((i) => (i.test ? i.test(c) : i.lo <= c && c <= i.hi));

// Case-folding orbits that lower/upper-casing alone does not close (ß ẞ, k K K, s S ſ…).
const ORBITS = {
  0xdf: 0x1e9e,
  0x6b: 0x212a,
  0x73: 0x17f,
  0xe5: 0x212b,
  0x3c9: 0x2126,
  0x3bc: 0xb5,
  0x3b8: 0x3d1,
  0x3c3: 0x3c2,
};

/** The code points that match ``c`` without regard to case. */
export function variants(c) {
  const out = new Set([c]);
  const addCases = (v) => {
    const char = String.fromCodePoint(v);
    for (const other of [char.toLowerCase(), char.toUpperCase()])
      if (Array.from(other).length === 1) out.add(cp(other));
  };
  addCases(c);
  [...out].forEach(addCases);
  [...out].forEach((v) => ORBITS[v] && out.add(ORBITS[v]));
  return [...out];
}

export class RegexParser {
  constructor(pattern) {
    this.chars = Array.from(pattern);
    this.pattern = pattern;
    this.i = 0;
    this.flags = { i: false, m: false, s: false };
  }

  fail() {
    return invalid(this.pattern);
  }

  peek(offset = 0) {
    return this.chars[this.i + offset];
  }

  /** alternation := concat ('|' concat)* */
  alternation() {
    const branches = [this.concat()];
    while (this.peek() === "|") {
      this.i += 1;
      branches.push(this.concat());
    }
    return branches.length === 1 ? branches[0] : { type: "alt", branches };
  }

  concat() {
    const items = [];
    let lastRepeated = false; // the previous token was a repetition operator
    while (this.i < this.chars.length && this.peek() !== "|" && this.peek() !== ")") {
      const repeat = this.repetition();
      if (repeat) {
        if (lastRepeated) throw this.fail(); // a** or a{2}{3}: RE2's "bad repetition operator"
        if (!items.length) throw this.fail(); // nothing to repeat
        items[items.length - 1] = { type: "repeat", node: items.at(-1), ...repeat };
        checkRepeatDepth(items.at(-1), this);
        lastRepeated = true;
        continue;
      }
      const atom = this.atom();
      // (?i) is no atom (x(?i)? repeats x); \Q…\E is one atom per character (\Qab\E* repeats b).
      if (atom.type === "quoted") items.push(...atom.items);
      else if (atom.type !== "flags") items.push(atom);
      lastRepeated = false;
    }
    return { type: "concat", items };
  }

  /** ``*``, ``+``, ``?``, ``{n}``, ``{n,}``, ``{n,m}`` (and a lazy ``?``), or null. */
  repetition() {
    const char = this.peek();
    let min;
    let max;
    if (char === "*" || char === "+" || char === "?") {
      [min, max] = { "*": [0, -1], "+": [1, -1], "?": [0, 1] }[char];
      this.i += 1;
    } else if (char === "{") {
      const rest = this.chars.slice(this.i).join("");
      const match = /^\{(\d+)(,(\d*))?\}/.exec(rest);
      if (!match) return null; // a literal brace
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === "" ? -1 : Number(match[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max !== -1 && max < min)) throw this.fail();
      this.i += Array.from(match[0]).length;
    } else return null;
    if (this.peek() === "?") this.i += 1; // lazy: the same answer for a yes/no search
    return { min, max, counted: char === "{" };
  }

  atom() {
    const char = this.chars[this.i++];
    const fold = this.flags.i;
    switch (char) {
      case "(":
        return this.group();
      case "[":
        return this.bracket();
      case ".":
        return this.flags.s
          ? { type: "set", items: [range(0, 0x10ffff)] }
          : { type: "set", items: [range(0, 9), range(11, 0x10ffff)] };
      case "^":
        return { type: "assert", kind: this.flags.m ? "bol" : "bot" };
      case "$":
        return { type: "assert", kind: this.flags.m ? "eol" : "eot" };
      case "\\": {
        const escaped = this.escape(false);
        if (!escaped) throw this.fail();
        return escaped;
      }
      default:
        return { type: "set", items: [range(cp(char), cp(char))], fold };
    }
  }

  group() {
    const saved = { ...this.flags }; // flags set inside a group end with it
    if (this.peek() !== "?") {
      const inner = this.closeGroup(this.alternation());
      this.flags = saved;
      return inner;
    }
    const rest = this.chars.slice(this.i).join("");
    const match = /^\?([imsU]*)(?:-([imsU]+))?([:)])/.exec(rest);
    if (!match || (!match[1] && !match[2] && match[3] === ")")) throw this.fail();
    this.i += match[0].length;
    for (const f of match[1]) if (f !== "U") this.flags[f] = true;
    for (const f of match[2] || "") if (f !== "U") this.flags[f] = false;
    if (match[3] === ")") return { type: "flags" }; // (?i): for the rest of the enclosing group
    const inner = this.closeGroup(this.alternation());
    this.flags = saved;
    return inner;
  }

  closeGroup(node) {
    if (this.chars[this.i++] !== ")") throw this.fail();
    return node;
  }

  /** ``\\x``: a class or an assertion, else a single code point (``{char}``); null if unknown. */
  escape(inClassContext) {
    const char = this.chars[this.i++];
    if (char === undefined) throw this.fail();
    const fold = this.flags.i;
    if ("dws".includes(char)) return { type: "set", items: PERL[char], fold };
    if ("DWS".includes(char)) return { type: "set", items: PERL[char.toLowerCase()], negated: true, fold };
    if (char === "p" || char === "P") {
      let name = this.chars[this.i++];
      if (name === "{") {
        const end = this.chars.indexOf("}", this.i);
        if (end < 0) throw this.fail();
        name = this.chars.slice(this.i, end).join("");
        this.i = end + 1;
      }
      let negated = char === "P";
      if (name?.startsWith("^")) [name, negated] = [name.slice(1), !negated];
      const items = name && unicodeClass(name);
      if (!items) throw this.fail();
      return { type: "set", items, negated, fold };
    }
    if (!inClassContext) {
      const kind = { A: "bot", z: "eot", b: "word", B: "noword" }[char];
      if (kind) return { type: "assert", kind };
      if (char === "C") return { type: "set", items: [range(0, 0x10ffff)] };
      if (char === "Q") {
        let end = this.i;
        while (end < this.chars.length && !(this.chars[end] === "\\" && this.chars[end + 1] === "E")) end += 1;
        const text = this.chars.slice(this.i, end);
        this.i = Math.min(end + 2, this.chars.length);
        return { type: "quoted", items: text.map((c) => ({ type: "set", items: [range(cp(c), cp(c))], fold })) };
      }
    }
    const code = this.escapedChar(char);
    return code === null ? null : { type: "set", items: [range(code, code)], fold, char: code };
  }

  escapedChar(char) {
    const simple = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 }[char];
    if (simple !== undefined) return simple;
    if (char === "0") {
      let digits = "";
      while (digits.length < 2 && /[0-7]/.test(this.peek() || "")) digits += this.chars[this.i++];
      return parseInt("0" + digits, 8);
    }
    if (char === "x") {
      let hex;
      if (this.peek() === "{") {
        const end = this.chars.indexOf("}", this.i);
        hex = end < 0 ? "" : this.chars.slice(this.i + 1, end).join("");
        if (!/^[0-9A-Fa-f]+$/.test(hex)) return null;
        this.i = end + 1;
      } else {
        hex = this.chars.slice(this.i, this.i + 2).join("");
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
        this.i += 2;
      }
      const code = parseInt(hex, 16);
      return code > 0x10ffff ? null : code;
    }
    // Punctuation may be escaped; letters, digits and non-ASCII characters may not.
    return cp(char) < 128 && !/[A-Za-z0-9]/.test(char) ? cp(char) : null;
  }

  bracket() {
    const fold = this.flags.i;
    const items = [];
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.i += 1;
    }
    let first = true;
    for (;;) {
      const char = this.peek();
      if (char === undefined) throw this.fail();
      if (char === "]" && !first) break;
      first = false;
      if (char === "[" && this.peek(1) === ":") {
        const rest = this.chars.slice(this.i).join("");
        const match = /^\[:(\^?)([a-z]*):\]/.exec(rest);
        if (match) {
          const posix = POSIX[match[2]];
          if (!posix) throw this.fail();
          items.push(...(match[1] ? [{ test: (c) => !inClass(posix, c) }] : posix));
          this.i += match[0].length;
          continue;
        }
      }
      const lo = this.classChar();
      if (lo.items) {
        items.push(...(lo.negated ? [{ test: (c) => !inClass(lo.items, c) }] : lo.items));
        continue;
      }
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.i += 1;
        const hi = this.classChar();
        if (hi.items || hi.code < lo.code) throw this.fail();
        items.push(range(lo.code, hi.code));
      } else items.push(range(lo.code, lo.code));
    }
    this.i += 1;
    return { type: "set", items, negated, fold };
  }

  /** One element of a bracket class: a code point ``{code}`` or a class ``{items, negated}``. */
  classChar() {
    const char = this.chars[this.i++];
    if (char !== "\\") return { code: cp(char) };
    const escaped = this.escape(true);
    if (!escaped) throw this.fail();
    return escaped.char !== undefined ? { code: escaped.char } : escaped;
  }
}

/** RE2 refuses repetitions nested so deep that their counts multiply beyond 1000. */
function checkRepeatDepth(node, parser) {
  const walk = (n, budget) => {
    if (n.type === "repeat" && n.counted) {
      const m = n.max < 0 ? n.min : n.max;
      if (m > 0) budget = Math.floor(budget / m);
    }
    const children =
      n.type === "alt" ? n.branches : n.type === "concat" ? n.items : n.type === "repeat" ? [n.node] : [];
    return children.reduce((low, child) => Math.min(low, walk(child, budget)), budget);
  };
  if (walk(node, MAX_REPEAT) === 0) throw parser.fail();
}
