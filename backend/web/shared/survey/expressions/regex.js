// regex() in time linear in the text, as the server's RE2 does: patterns in RE2 syntax are parsed
// here and run on a Thompson NFA (a Pike VM without captures), so no pattern can make the phone
// backtrack for minutes. Back-references and look-arounds are refused (unsafe_regex), like on the
// server; what RE2 refuses as malformed is refused too (invalid_regex).
import { cp, inClass, RegexParser, variants, WORD } from "./regex-syntax.js";
import { ExpressionError, length } from "./text.js";

const MAX_PATTERN_LENGTH = 500;
const MAX_PROGRAM = 20_000; // instructions: beyond, matching on a phone would be too slow
const UNSUPPORTED = /\\[1-9]|\(\?[=!<]|\(\?P[=<]|\\k</; // the server's own check, before RE2

const unsafe = (message) => new ExpressionError("unsafe_regex", message);

/** The NFA program: ``set`` (one code point), ``split``, ``jmp``, ``assert``, ``match``. */
function compileProgram(tree) {
  const program = [];
  const emit = (inst) => {
    if (program.length >= MAX_PROGRAM) throw unsafe("expression régulière trop complexe pour le téléphone");
    program.push(inst);
    return program.length - 1;
  };
  const build = (node) => {
    switch (node.type) {
      case "set":
        emit({ op: "set", node });
        break;
      case "assert":
        emit({ op: "assert", kind: node.kind });
        break;
      case "concat":
        node.items.forEach(build);
        break;
      case "alt": {
        const jumps = [];
        node.branches.forEach((branch, index) => {
          if (index === node.branches.length - 1) return build(branch);
          const split = emit({ op: "split" });
          program[split].x = program.length;
          build(branch);
          jumps.push(emit({ op: "jmp" }));
          program[split].y = program.length;
        });
        jumps.forEach((j) => (program[j].x = program.length));
        break;
      }
      case "repeat": {
        for (let k = 0; k < node.min; k += 1) build(node.node);
        if (node.max === -1) {
          const split = emit({ op: "split" });
          program[split].x = program.length;
          build(node.node);
          emit({ op: "jmp", x: split });
          program[split].y = program.length;
        } else {
          const splits = [];
          for (let k = node.min; k < node.max; k += 1) {
            const split = emit({ op: "split" });
            program[split].x = program.length;
            splits.push(split);
            build(node.node);
          }
          splits.forEach((s) => (program[s].y = program.length));
        }
        break;
      }
      default:
        break;
    }
  };
  build(tree);
  emit({ op: "match" });
  return program;
}

function setMatches(node, c) {
  const hit = node.fold ? variants(c).some((v) => inClass(node.items, v)) : inClass(node.items, c);
  return node.negated ? !hit : hit;
}

const isWord = (c) => c !== undefined && inClass(WORD, c);

function holds(kind, text, pos) {
  if (pos < 0) return kind === "noword"; // between two bytes of one UTF-8 character
  switch (kind) {
    case "bot":
      return pos === 0;
    case "eot":
      return pos === text.length;
    case "bol":
      return pos === 0 || text[pos - 1] === 10;
    case "eol":
      return pos === text.length || text[pos] === 10;
    case "word":
      return isWord(text[pos - 1]) !== isWord(text[pos]);
    default:
      return isWord(text[pos - 1]) === isWord(text[pos]);
  }
}

/** Whether ``program`` matches somewhere in ``text`` (code points): every thread in lock step. */
function search(program, text) {
  const marks = new Int32Array(program.length).fill(-1);
  let generation = 0;
  const add = (list, start, pos) => {
    const stack = [start];
    while (stack.length) {
      const pc = stack.pop();
      if (marks[pc] === generation) continue;
      marks[pc] = generation;
      const inst = program[pc];
      if (inst.op === "jmp") stack.push(inst.x);
      else if (inst.op === "split") stack.push(inst.y, inst.x);
      else if (inst.op === "assert") {
        if (holds(inst.kind, text, pos)) stack.push(pc + 1);
      } else list.push(pc);
    }
  };
  let list = [];
  // RE2 searches bytes of UTF-8: a match may also start (and, being empty, end) inside a
  // character, where only \B holds. Position -1 stands for such a place.
  if (text.some((c) => c > 127)) {
    add(list, 0, -1);
    if (list.some((pc) => program[pc].op === "match")) return true;
    list = [];
    generation += 1;
  }
  for (let pos = 0; ; pos += 1) {
    add(list, 0, pos); // a match may start here (an unanchored search)
    if (list.some((pc) => program[pc].op === "match")) return true;
    if (pos === text.length) return false;
    generation += 1;
    const next = [];
    for (const pc of list) {
      const inst = program[pc];
      if (inst.op === "set" && setMatches(inst.node, text[pos])) add(next, pc + 1, pos + 1);
    }
    list = next;
  }
}

const compiled = new Map();

/** A linear-time matcher for ``pattern``, or ExpressionError (unsafe_regex, invalid_regex). */
export function compilePattern(pattern) {
  let program = compiled.get(pattern);
  if (program) return program;
  if (length(pattern) > MAX_PATTERN_LENGTH)
    throw unsafe(`expression régulière trop longue (maximum ${MAX_PATTERN_LENGTH})`);
  if (UNSUPPORTED.test(pattern)) {
    throw unsafe("expression régulière refusée : références arrière et assertions avant/arrière ne sont pas acceptées");
  }
  const parser = new RegexParser(pattern);
  const tree = parser.alternation();
  if (parser.i < parser.chars.length) throw parser.fail(); // an unmatched ")"
  program = compileProgram(tree);
  if (compiled.size > 512) compiled.clear();
  compiled.set(pattern, program);
  return program;
}

/** ODK regex(text, pattern): whether the pattern occurs in ``text`` (a search, not anchored). */
export function matches(text, pattern) {
  return search(compilePattern(pattern), Array.from(text, cp));
}
