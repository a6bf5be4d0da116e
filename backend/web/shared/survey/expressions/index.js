// The XLSForm expression language in the browser: parsed (parse.js) and compiled into small
// closures, never eval'd. The same semantics as the server's surveys.expressions, held to it by
// the shared vectors (tests/data/expression_vectors.json) run in Chromium.
import { fromJsDate, inZone, parseDate } from "./dates.js";
import { lookup } from "./functions.js";
import { parse } from "./parse.js";
import { asciiDigits, ExpressionError } from "./text.js";
import { compare, NodeSet, toBoolean, toNumber, toString } from "./values.js";

export { ExpressionError, inZone, NodeSet, toBoolean, toNumber, toString };

const has = (object, name) => object != null && Object.prototype.hasOwnProperty.call(object, name);

/**
 * What an expression can see: ``answers`` (name → ODK string, or an array / NodeSet for a question
 * inside a repeat seen from outside it), ``current`` (the value of "."), ``now`` (a function giving
 * the clock), ``position`` (of the repeat instance), ``allInstances`` (for indexed-repeat()),
 * ``choiceLabel(question, choice)`` (for jr:choice-name()), ``item`` (the choice a choice_filter reads),
 * ``zone`` (the device's UTC offset in minutes, by default now()'s: dates are midnights there) and
 * ``language`` (the form language, for the month and day names of format-date()).
 */
export class Context {
  constructor(
    answers = {},
    {
      current = "",
      now = null,
      position = 1,
      allInstances = null,
      choiceLabel = null,
      item = null,
      zone = null,
      language = null,
    } = {},
  ) {
    Object.assign(this, {
      answers,
      current,
      position,
      allInstances: allInstances || answers,
      choiceLabel,
      item,
      language,
    });
    this.now = now || (() => fromJsDate(new Date()));
    this.zone = zone ?? this.now().offset;
  }

  valueOf(name) {
    const value = has(this.answers, name) ? this.answers[name] : "";
    return Array.isArray(value) ? new NodeSet(value) : value;
  }

  valueAt(name) {
    if (this.item) return has(this.item, name) ? this.item[name] : "";
    return this.valueOf(name);
  }

  instancesOf(name) {
    const value = has(this.allInstances, name) ? this.allInstances[name] : "";
    if (value instanceof NodeSet) return value;
    if (Array.isArray(value)) return new NodeSet(value);
    return new NodeSet([toString(value)]);
  }
}

/** A clock for ``Context``: now() is this ISO 8601 date-time, in its own offset. */
export function fixedClock(iso) {
  const moment = parseDate(iso);
  if (!moment || !moment.isDateTime) throw new Error(`not an ISO date-time: ${iso}`);
  return () => moment;
}

const ARITHMETIC = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  div: (a, b) => a / b, // IEEE division: ±Infinity and NaN as the server's special cases give
  mod: (a, b) => a % b, // fmod: the sign of the dividend; x mod 0 is NaN
};

const nameOf = (node) =>
  node.type === "reference" ? node.name : node.type === "path" ? node.text.split("/").pop() : "";

/** A chain's operands compiled from the last to the first, as the server does: the same error
 * (unknown function, wrong argument count) is found first when there are several. */
function buildChain(node, found) {
  const rest = node.rest
    .slice()
    .reverse()
    .map(([symbol, n]) => [symbol, build(n, found)])
    .reverse();
  return [build(node.first, found), rest];
}

function build(node, found) {
  switch (node.type) {
    case "number": {
      const value = Number(asciiDigits(node.text));
      return () => value;
    }
    case "string": {
      const value = node.text.slice(1, -1);
      return () => value;
    }
    case "reference":
      found.references.add(node.name);
      return (c) => c.valueOf(node.name);
    case "path": {
      const last = node.text.replace(/\/+$/, "").split("/").pop();
      if (last === ".") return (c) => c.current;
      if (last === "..") return () => "";
      found.paths.add(last); // ODK paths end with the question's (or choice column's) name
      return (c) => c.valueAt(last);
    }
    case "or":
    case "and": {
      const [first, rest] = buildChain(node, found);
      const operands = [first, ...rest.map((r) => r[1])];
      return node.type === "or"
        ? (c) => operands.some((op) => toBoolean(op(c)))
        : (c) => operands.every((op) => toBoolean(op(c)));
    }
    case "compare": {
      const [first, rest] = buildChain(node, found);
      return (c) => rest.reduce((value, [symbol, op]) => compare(symbol, value, op(c)), first(c));
    }
    case "arithmetic": {
      const [first, rest] = buildChain(node, found);
      const steps = rest.map(([symbol, op]) => [ARITHMETIC[symbol], op]);
      return (c) => steps.reduce((value, [operation, op]) => operation(value, toNumber(op(c))), toNumber(first(c)));
    }
    case "negate": {
      const operand = build(node.operand, found);
      return (c) => -toNumber(operand(c));
    }
    case "union": {
      const [first, rest] = buildChain(node, found);
      const operands = [first, ...rest.map((r) => r[1])];
      return (c) =>
        new NodeSet(
          operands.flatMap((op) => {
            const value = op(c);
            return value instanceof NodeSet ? value.items : [toString(value)];
          }),
        );
    }
    case "call": {
      const spec = lookup(node.name, node.args.length);
      if (spec.byName) {
        const names = node.args.map(nameOf);
        names.filter(Boolean).forEach((n) => found.references.add(n));
        const args = node.args.map((n) => build(n, found));
        return (c) =>
          spec.impl(
            c,
            names,
            args.map((a) => a(c)),
          );
      }
      const args = node.args.map((n) => build(n, found));
      if (spec.lazy) return (c) => spec.impl(c, ...args);
      return (c) => spec.impl(c, ...args.map((a) => a(c)));
    }
    default:
      throw new ExpressionError("syntax_error", "expression illisible");
  }
}

const cache = new Map();

/**
 * A compiled expression: ``evaluate(context)``, ``references`` (names read as ${name}) and
 * ``paths`` (last steps of XPath paths). Throws ExpressionError for any problem; cached by text.
 */
export function compile(text) {
  let expression = cache.get(text);
  if (expression) return expression;
  const found = { references: new Set(), paths: new Set() };
  const run = build(parse(text), found);
  const evaluate = (context = new Context()) => inZone(context.zone, () => run(context));
  expression = { text, evaluate, ...found };
  if (cache.size > 4096) cache.clear();
  cache.set(text, expression);
  return expression;
}

/** Compile (cached) and evaluate ``text`` in one call. */
export function evaluate(text, context) {
  return compile(text).evaluate(context);
}
