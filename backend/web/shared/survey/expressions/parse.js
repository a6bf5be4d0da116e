// The grammar of XLSForm expressions (an XPath 1.0 subset plus ${name}), parsed by hand the way
// the server's lark grammar does (surveys/expressions/grammar.py): tokens are read according to
// what may come next (an operand or an operator), like lark's contextual lexer, so the same texts
// are accepted and refused. Limits are checked before anything runs.
import { codePoints, ExpressionError, length, SPACE, strip } from "./text.js";

export const MAX_EXPRESSION_LENGTH = 4000;
export const MAX_LITERAL_LENGTH = 1000;
export const MAX_NUMBER_DIGITS = 40;
export const MAX_DEPTH = 40;

const NAME = "[A-Za-z_][\\p{L}\\p{N}_.\\-]*";
const STEP = `(?:\\.\\.|\\.|${NAME})`;
// In lark's order: a function call first (priority 2), a number (priority 3: `.5` is one, not
// the path `.`), then paths, references, strings.
const OPERAND = new RegExp(
  `(?<call>${NAME}(?::${NAME})?[${SPACE}]*\\()` +
    `|(?<number>\\p{Nd}+(?:\\.\\p{Nd}*)?|\\.\\p{Nd}+)` +
    `|(?<path>\\/?${STEP}(?:\\/${STEP})*)` +
    `|(?<ref>\\$\\{[${SPACE}]*${NAME}[${SPACE}]*\\})` +
    `|(?<string>'[^']*'|"[^"]*")` +
    `|(?<minus>-)|(?<open>\\()`,
  "uy",
);
const OPERATOR =
  /(?<mul>\*|div|mod)|(?<and>and)|(?<eq>!=|=)|(?<rel><=|>=|<|>)|(?<or>or)|(?<add>\+|-)|(?<union>\|)|(?<close>\))|(?<comma>,)/y;
const SPACES = /[ \t\f\r\n]*/y; // lark's common.WS: ASCII whitespace only

function syntaxError(text, position) {
  const near = text.slice(position, position + 12);
  return new ExpressionError(
    "syntax_error",
    near
      ? `syntaxe incorrecte près de « ${near} » (caractère ${position + 1})`
      : "syntaxe incorrecte : l’expression est incomplète",
  );
}

const tooDeep = () =>
  new ExpressionError("nesting_too_deep", `expression trop imbriquée (profondeur maximale ${MAX_DEPTH})`);

/** The text's length, and its nesting of parentheses outside string literals. */
function checkSize(text) {
  if (text.length > MAX_EXPRESSION_LENGTH && length(text) > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      "expression_too_long",
      `expression trop longue (${length(text)} caractères, maximum ${MAX_EXPRESSION_LENGTH})`,
    );
  }
  let depth = 0;
  let deepest = 0;
  let quote = "";
  for (const char of text) {
    if (quote) quote = char === quote ? "" : quote;
    else if (char === "'" || char === '"') quote = char;
    else if (char === "(" || char === "[") deepest = Math.max(deepest, ++depth);
    else if (char === ")" || char === "]") depth -= 1;
  }
  if (deepest > MAX_DEPTH) throw tooDeep();
}

class Parser {
  constructor(text) {
    this.text = text;
    this.pos = 0;
    this.pending = null; // the operator read ahead, not consumed yet
  }

  skipSpaces() {
    SPACES.lastIndex = this.pos;
    SPACES.exec(this.text);
    this.pos = SPACES.lastIndex;
  }

  operand() {
    this.skipSpaces();
    OPERAND.lastIndex = this.pos;
    const match = OPERAND.exec(this.text);
    if (!match) throw syntaxError(this.text, this.pos);
    const [kind, value] = Object.entries(match.groups).find(([, v]) => v !== undefined);
    const at = this.pos;
    this.pos = OPERAND.lastIndex;
    return { kind, value, at };
  }

  /** The next operator (or the end), read once and kept until ``take()``. */
  peek() {
    if (this.pending) return this.pending;
    this.skipSpaces();
    if (this.pos >= this.text.length) return (this.pending = { kind: "end", at: this.pos });
    OPERATOR.lastIndex = this.pos;
    const match = OPERATOR.exec(this.text);
    if (!match) throw syntaxError(this.text, this.pos);
    const [kind, value] = Object.entries(match.groups).find(([, v]) => v !== undefined);
    this.pending = { kind, value, at: this.pos, end: OPERATOR.lastIndex };
    return this.pending;
  }

  take() {
    const token = this.pending;
    this.pos = token.end;
    this.pending = null;
    return token;
  }

  unexpected() {
    return syntaxError(this.text, this.peek().at);
  }

  /** A left-associative chain of one precedence level: ``a op b op c`` as first + [[op, b]…]. */
  chain(type, kinds, next) {
    const first = next();
    const rest = [];
    while (kinds.includes(this.peek().kind)) rest.push([this.take().value, next()]);
    return rest.length ? { type, first, rest } : first;
  }

  or = () => this.chain("or", ["or"], this.and);
  and = () => this.chain("and", ["and"], this.equality);
  equality = () => this.chain("compare", ["eq"], this.relational);
  relational = () => this.chain("compare", ["rel"], this.additive);
  additive = () => this.chain("arithmetic", ["add"], this.multiplicative);
  multiplicative = () => this.chain("arithmetic", ["mul"], this.unary);

  unary = () => {
    const save = this.pos;
    const token = this.operand();
    if (token.kind === "minus") return { type: "negate", operand: this.unary() };
    this.pos = save;
    return this.chain("union", ["union"], this.primary);
  };

  primary = () => {
    const token = this.operand();
    switch (token.kind) {
      case "number":
        return { type: "number", text: token.value };
      case "string":
        return { type: "string", text: token.value };
      case "ref":
        return { type: "reference", name: strip(token.value.slice(2, -1)) };
      case "path":
        return { type: "path", text: token.value };
      case "open": {
        const inner = this.or();
        if (this.peek().kind !== "close") throw this.unexpected();
        this.take();
        return inner;
      }
      case "call":
        return this.call(token);
      default:
        throw syntaxError(this.text, token.at);
    }
  };

  call(token) {
    const name = strip(token.value.slice(0, -1));
    const args = [];
    this.skipSpaces();
    if (this.text[this.pos] === ")") {
      this.pos += 1;
      return { type: "call", name, args };
    }
    for (;;) {
      args.push(this.or());
      const next = this.peek().kind;
      if (next === "close") break;
      if (next !== "comma") throw this.unexpected();
      this.take();
    }
    this.take();
    return { type: "call", name, args };
  }
}

const CHAINS = new Set(["or", "and", "compare", "arithmetic", "union"]);
const CHILDREN = {
  or: (n) => [n.first, ...n.rest.map((r) => r[1])],
  negate: (n) => [n.operand],
  call: (n) => n.args,
};
["and", "compare", "arithmetic", "union"].forEach((t) => (CHILDREN[t] = CHILDREN.or));

/** Bound the tree's nesting and its literals, visiting nodes in the server's order. */
function checkTree(tree) {
  // A chain of one operator (a score summing sixty questions) is flat, not nested: only a
  // change of construct (parentheses, a call, another operator) counts as one more level.
  const stack = [[tree, 1, ""]];
  while (stack.length) {
    const [node, parentDepth, parent] = stack.pop();
    const depth = node.type === parent && CHAINS.has(node.type) ? parentDepth : parentDepth + 1;
    if (depth > MAX_DEPTH) throw tooDeep();
    if (node.type === "string" && codePoints(node.text).length - 2 > MAX_LITERAL_LENGTH) {
      throw new ExpressionError(
        "literal_too_long",
        `texte littéral trop long (maximum ${MAX_LITERAL_LENGTH} caractères)`,
      );
    }
    if (node.type === "number" && codePoints(node.text).length > MAX_NUMBER_DIGITS) {
      throw new ExpressionError("literal_too_long", `nombre littéral trop long (maximum ${MAX_NUMBER_DIGITS})`);
    }
    for (const child of (CHILDREN[node.type] || (() => []))(node)) stack.push([child, depth, node.type]);
  }
}

/** The syntax tree of ``text``; throws ExpressionError (syntax_error…). */
export function parse(text) {
  checkSize(text);
  if (!strip(text)) throw new ExpressionError("syntax_error", "expression vide");
  const parser = new Parser(text);
  const tree = parser.or();
  if (parser.peek().kind !== "end") throw parser.unexpected();
  checkTree(tree);
  return tree;
}
