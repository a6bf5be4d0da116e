// A survey definition (surveys/DEFINITION.md) prepared once for the form: questions indexed by
// key, expressions compiled, choices listed, texts in the chosen language — as the server's
// surveys/prepared.py does, so that both judge a response the same way.
import { compile, ExpressionError } from "./expressions/index.js";

export const SECTION_TYPES = new Set(["group", "repeat"]);
const WITH_CHOICES = new Set(["select_one", "select_multiple", "rank"]);
export const SPECIFY_OTHER = "other";

/** An expression that cannot be compiled (a form imported before such forms were refused) fails
 * whenever it is evaluated, so its question is reported as unverifiable, as on the server. */
function compiled(text) {
  if (typeof text !== "string" || !text.trim()) return null;
  try {
    return compile(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const fail = () => {
      throw new ExpressionError(error.code, error.message);
    };
    return { text, evaluate: fail, references: new Set(), paths: new Set() };
  }
}

const flag = (value) => (typeof value === "boolean" ? value : compiled(value) || false);

function* names(nodes) {
  for (const node of nodes) {
    yield String(node.name);
    yield* names(node.children || []);
  }
}

export class PreparedSurvey {
  constructor(definition) {
    this.definition = definition;
    this.settings = definition.settings || {};
    this.choiceLists = definition.choices || {};
    this.defaultLanguage = String(this.settings.default_language || "");
    this.languages = (definition.languages || []).filter(Boolean);
    const counts = new Map();
    for (const name of names(definition.children || [])) counts.set(name, (counts.get(name) || 0) + 1);
    this.ambiguous = new Set([...counts].filter(([, n]) => n > 1).map(([name]) => name));
    this.children = (definition.children || []).map((node) => this.spec(node, "", null));
    this.byKey = new Map();
    for (const spec of this.walk()) {
      if (!this.byKey.has(spec.path)) this.byKey.set(spec.path, spec);
      if (!this.ambiguous.has(spec.name) && !this.byKey.has(spec.name)) this.byKey.set(spec.name, spec);
    }
  }

  spec(node, prefix, repeat) {
    const name = String(node.name);
    const type = String(node.type);
    const path = prefix + name;
    let choices = [];
    if (WITH_CHOICES.has(type)) {
      choices = [...(this.choiceLists[String(node.choices)] || [])];
      if (node.or_other && !choices.some((c) => c.name === SPECIFY_OTHER))
        choices.push({ name: SPECIFY_OTHER, label: { "": "Autre" } });
    }
    const inner = type === "repeat" ? path : repeat;
    const children = SECTION_TYPES.has(type)
      ? (node.children || []).map((child) => this.spec(child, path + "/", inner))
      : [];
    return {
      node,
      name,
      type,
      path,
      children,
      choices,
      repeat,
      key: this.ambiguous?.has(name) ? path : name,
      appearance: String(node.appearance || "")
        .split(/\s+/)
        .filter(Boolean),
      relevant: compiled(node.relevant),
      constraint: compiled(node.constraint),
      calculation: compiled(node.calculation),
      required: flag(node.required ?? false),
      readOnly: flag(node.read_only ?? false),
      repeatCount: compiled(node.repeat_count),
      choiceFilter: compiled(node.choice_filter),
    };
  }

  /** Every question, group and repeat, depth first, in form order. */
  *walk(specs = this.children) {
    for (const spec of specs) {
      yield spec;
      yield* this.walk(spec.children);
    }
  }

  /** A translated text in ``language``, else the default language, else any. */
  text(translated, language) {
    if (!translated || typeof translated !== "object") return typeof translated === "string" ? translated : "";
    for (const lang of [language, this.defaultLanguage]) if (lang && translated[lang]) return String(translated[lang]);
    const first = Object.values(translated).find(Boolean);
    return first === undefined ? "" : String(first);
  }

  /** jr:choice-name(): the label of a choice of the question ``name``. */
  choiceLabel(name, choice, language) {
    const item = this.byKey.get(name)?.choices.find((c) => c.name === choice);
    return item ? this.text(item.label, language) : "";
  }
}

/** The language code in a name such as "Français (fr)", for the page's lang attribute. */
export function languageCode(language) {
  const match = /\(([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$/.exec(language || "");
  return match ? match[1] : undefined;
}
