// A survey's answers judged in the browser exactly as the server's validate_response does
// (surveys/responses.py): answers read for their type, calculations first, then relevance,
// required answers, choice filters, constraints and repeat counts, scope by scope. The result is
// what the form shows (each field's relevance, problem, offered choices…) and what it sends.
import { isEmpty, readAnswer } from "./answers.js";
import { Context, ExpressionError, NodeSet, toBoolean, toNumber, toString } from "./expressions/index.js";

export const REQUIRED = "Cette question est obligatoire.";
export const INVALID = "Réponse non valide.";

const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function repeatsIn(specs) {
  return specs.flatMap((s) => (s.type === "repeat" ? [s] : s.type === "group" ? repeatsIn(s.children) : []));
}

/** After a repeat, outer expressions see its answers as node-sets (one item per instance). */
function gather(spec, perInstance, values, context) {
  const found = { [spec.name]: new NodeSet(perInstance.map(() => "")) };
  const stack = [...spec.children];
  while (stack.length) {
    const child = stack.pop();
    found[child.name] = new NodeSet(perInstance.map((instance) => toString(instance[child.name] ?? "")));
    stack.push(...child.children);
  }
  Object.assign(values, found);
  if (context) Object.assign(context.answers, found);
}

class Run {
  constructor(survey, language, now) {
    Object.assign(this, { survey, language, now });
    this.fields = new Map(); // key → what the form needs to show one question
    this.problems = [];
    this.calculated = {};
    this.unreadable = new Set();
  }

  problem(key, code, message) {
    this.problems.push({ key, code, message });
  }

  field(key, spec, values) {
    const field = { key, spec, relevant: true, problems: [], ...values };
    this.fields.set(key, field);
    return field;
  }

  text(translated) {
    return this.survey.text(translated, this.language);
  }

  /** The value of ``expression``; when it cannot be evaluated, a problem of the question ``key``
   * (fail-closed: never silently true, false or absent) and ``fallback``. ``key`` null: silent
   * (a value only shown, or a first pass whose errors the second pass reports). */
  evaluate(expression, context, fallback, key = null) {
    try {
      return expression.evaluate(context);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      if (key !== null) this.problem(key, "expression", `Vérification impossible : ${error.message}.`);
      return fallback;
    }
  }

  /** Whether the value given for a calculation is kept: only one that depends on nothing
   * (uuid(), now()…), computed once as ODK Collect does; the others follow the answers. */
  keepsGiven(spec, normalised) {
    return normalised.has(spec) && !spec.calculation.references.size && !spec.calculation.paths.size;
  }

  dependsOnUnreadable(expression) {
    return [...expression.references].some((name) => this.unreadable.has(name));
  }

  /** Read, then evaluate, one scope (the form, or one repeat instance); returns its ODK values. */
  scope(specs, raw, outer, output, where, position) {
    const values = {};
    for (const spec of repeatsIn(specs)) gather(spec, [], values, null);
    const normalised = new Map();
    this.read(specs, raw || {}, values, normalised, where);
    const visible = Object.keys(outer).length ? { ...outer, ...values } : values;
    const context = new Context(visible, {
      now: this.now,
      position,
      language: this.language,
      choiceLabel: (q, c) => this.survey.choiceLabel(q, c, this.language),
    });
    this.precompute(specs, context, values, normalised);
    this.walk(specs, raw || {}, context, values, normalised, output, where, true);
    return values;
  }

  read(specs, raw, values, normalised, where) {
    for (const spec of specs) {
      if (spec.type === "group") {
        this.read(spec.children, raw, values, normalised, where);
        continue;
      }
      const value = raw[spec.key];
      if (spec.type === "repeat" || spec.type === "note" || isEmpty(value)) continue;
      try {
        const [normal, odk] = readAnswer(spec, value);
        normalised.set(spec, normal);
        values[spec.name] = odk;
      } catch (error) {
        this.unreadable.add(spec.name);
        this.problem(where + spec.key, error.code, capitalise(error.message) + ".");
      }
    }
  }

  /** Calculations first, in form order, so that earlier questions may use later ones. */
  precompute(specs, context, values, normalised) {
    for (const spec of specs) {
      if (spec.type === "group") this.precompute(spec.children, context, values, normalised);
      else if (spec.calculation && spec.type !== "repeat" && !this.keepsGiven(spec, normalised)) {
        context.current = values[spec.name] ?? "";
        const result = toString(this.evaluate(spec.calculation, context, ""));
        values[spec.name] = context.answers[spec.name] = result;
      }
    }
  }

  walk(specs, raw, context, values, normalised, output, where, parentRelevant) {
    for (const spec of specs) {
      const key = where + spec.key;
      const relevant = parentRelevant && this.isRelevant(spec, context, values, key);
      const field = this.field(key, spec, { relevant, context, raw });
      if (spec.type === "group") {
        this.walk(spec.children, raw, context, values, normalised, output, where, relevant);
        continue;
      }
      if (!relevant) {
        this.blank(spec, values, context); // its answer is kept in the draft, but not sent
        continue;
      }
      field.readOnly =
        spec.readOnly === true || (spec.readOnly !== false && toBoolean(this.evaluate(spec.readOnly, context, false)));
      if (spec.type === "repeat") this.repeat(spec, raw, context, values, output, where, field);
      else if (spec.calculation) this.calculate(spec, context, values, normalised, output, key, field);
      else this.check(spec, context, values, normalised, output, key, field);
    }
  }

  isRelevant(spec, context, values, key) {
    if (!spec.relevant || this.dependsOnUnreadable(spec.relevant)) return true;
    context.current = values[spec.name] ?? "";
    return toBoolean(this.evaluate(spec.relevant, context, true, key));
  }

  blank(spec, values, context) {
    if (spec.type === "repeat") return gather(spec, [], values, context);
    values[spec.name] = context.answers[spec.name] = "";
    spec.children.forEach((child) => this.blank(child, values, context));
  }

  calculate(spec, context, values, normalised, output, key, field) {
    context.current = values[spec.name] ?? "";
    const result = this.keepsGiven(spec, normalised)
      ? toString(values[spec.name])
      : toString(this.evaluate(spec.calculation, context, "", key));
    values[spec.name] = context.answers[spec.name] = result;
    this.calculated[key] = field.value = result;
    if (result !== "") output[spec.key] = result;
  }

  check(spec, context, values, normalised, output, key, field) {
    const odk = values[spec.name] ?? "";
    context.current = odk;
    field.value = odk;
    field.required =
      spec.required === true || (spec.required !== false && toBoolean(this.evaluate(spec.required, context, true)));
    const failed = new Map(); // choice → why its filter could not be evaluated
    if (spec.choiceFilter) field.choices = this.offered(spec, context, failed);
    if (this.unreadable.has(spec.name)) return;
    if (!normalised.has(spec)) {
      if (spec.required !== true && spec.required !== false) this.evaluate(spec.required, context, true, key);
      if (field.required) this.problem(key, "required", this.text(spec.node.required_message) || REQUIRED);
      return;
    }
    if (spec.choiceFilter && !this.dependsOnUnreadable(spec.choiceFilter)) {
      const offered = new Set(field.choices.map((c) => c.name));
      for (const name of String(odk).split(/\s+/)) {
        if (failed.has(name)) this.problem(key, "expression", `Vérification impossible : ${failed.get(name)}.`);
      }
      field.refused = String(odk)
        .split(/\s+/)
        .filter((name) => name && name !== "other" && !offered.has(name));
      for (const name of field.refused)
        this.problem(key, "choice", `« ${name} » n’est pas proposé pour cette réponse.`);
      if (field.refused.length) return;
    }
    if (spec.constraint && !this.dependsOnUnreadable(spec.constraint)) {
      const outcome = this.evaluate(spec.constraint, context, null, key);
      if (outcome !== null && !toBoolean(outcome)) {
        this.problem(key, "constraint", this.text(spec.node.constraint_message) || INVALID);
        return;
      }
    }
    output[spec.key] = normalised.get(spec);
  }

  /** The choices a choice_filter offers now (with "other" when the question has it); a choice whose
   * filter cannot be evaluated is offered, and noted in ``failed`` (name → why). */
  offered(spec, context, failed) {
    const offered = spec.choices.filter((choice) => {
      if (choice.name === "other") return true;
      context.item = Object.fromEntries(Object.entries(choice).filter(([, v]) => typeof v === "string"));
      try {
        return toBoolean(spec.choiceFilter.evaluate(context));
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        failed.set(choice.name, error.message);
        return true;
      }
    });
    context.item = null;
    return offered;
  }

  repeat(spec, raw, context, values, output, where, field) {
    const instances = Array.isArray(raw[spec.key]) ? raw[spec.key] : [];
    const key = where + spec.key;
    if (spec.repeatCount) {
      const expected = toNumber(this.evaluate(spec.repeatCount, context, NaN, key));
      field.count = Number.isNaN(expected) ? null : Math.trunc(expected);
      if (field.count !== null && field.count !== instances.length) {
        this.problem(
          key,
          "repeat_count",
          `${field.count} réponse(s) attendue(s) pour cette répétition, ${instances.length} reçue(s).`,
        );
      }
    }
    const rows = [];
    const perInstance = instances.map((instance, index) => {
      const row = {};
      rows.push(row);
      return this.scope(spec.children, instance, { ...context.answers }, row, `${key}[${index + 1}]/`, index + 1);
    });
    if (rows.length) output[spec.key] = rows;
    gather(spec, perInstance, values, context);
  }
}

/**
 * Judge ``answers`` (the draft: question key → value, a repeat → a list of such objects) against
 * a PreparedSurvey. Returns ``fields`` (key → relevance, problem, choices… of each question, keys
 * such as "arrets[2]/lieu"), ``problems``, ``calculated`` and ``answers``: what is sent.
 */
export function runForm(survey, answers, { language = null, now = null } = {}) {
  const run = new Run(survey, language, now);
  const output = {};
  run.scope(survey.children, answers, {}, output, "", 1);
  for (const { key, code, message } of run.problems) run.fields.get(key)?.problems.push({ code, message });
  return { fields: run.fields, problems: run.problems, calculated: run.calculated, answers: output };
}
