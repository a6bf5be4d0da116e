// The survey engine under node: the shared expression vectors (the file the server's interpreter
// and the browser tests run) and a form judged as surveys.validate_response judges it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Context, evaluate, fixedClock, PreparedSurvey, runForm, toString } from "../shared/survey/engine.js";
import { layout } from "../shared/survey/pages.js";

const VECTORS = JSON.parse(readFileSync(new URL("../../../tests/data/expression_vectors.json", import.meta.url))).cases;

/** The device's UTC offset a vector asks for ('+01:00'), in minutes; else now()'s, else UTC. */
function zoneOf(vector) {
  if (vector.timezone) {
    const [, sign, hours, minutes] = /^([+-])(\d\d):(\d\d)$/.exec(vector.timezone);
    return (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  }
  return vector.now ? null : 0;
}

function outcome(vector) {
  const labels = vector.choice_labels || {};
  const context = new Context(vector.answers, {
    current: vector.context ?? "",
    position: vector.position ?? 1,
    now: vector.now ? fixedClock(vector.now) : null,
    zone: zoneOf(vector),
    language: vector.language ?? null,
    choiceLabel: (question, choice) => labels[question]?.[choice] ?? "",
  });
  try {
    return { value: evaluate(vector.expression, context) };
  } catch (error) {
    return { error };
  }
}

test("every shared expression vector gives the expected value or error", () => {
  assert.ok(VECTORS.length >= 150);
  const failures = [];
  for (const vector of VECTORS) {
    const { value, error } = outcome(vector);
    const expected = vector.expected;
    let ok;
    if ("error" in vector) ok = error?.code === vector.error;
    else if (error) ok = false;
    else if (typeof expected === "boolean") ok = value === expected;
    else if (typeof expected === "number")
      ok = typeof value === "number" && Math.abs(value - expected) <= (vector.tolerance || 0);
    else ok = toString(value) === expected;
    if (!ok)
      failures.push({
        expression: vector.expression,
        expected: vector.error ?? expected,
        got: error?.code ?? error?.message ?? value,
      });
  }
  assert.deepEqual(failures, []);
});

// surveys/DEFINITION.md's format, as the server stores it after an XLSForm import.
const HOUSEHOLD = {
  settings: { form_id: "foyer", title: "Le foyer", default_language: "default" },
  languages: ["default"],
  choices: {},
  children: [
    {
      type: "integer",
      name: "foyer",
      label: { default: "Personnes au foyer" },
      required: true,
      constraint: ". > 0 and . <= 6",
      constraint_message: { default: "Entre 1 et 6" },
    },
    { type: "text", name: "bailleur", label: { default: "Nom du bailleur" }, required: true, relevant: "${foyer} > 1" },
    { type: "calculate", name: "double", calculation: "${foyer} * 2" },
  ],
};
const survey = new PreparedSurvey(HOUSEHOLD);
const problems = (answers) => runForm(survey, answers).problems.map(({ key, code }) => [key, code]);

test("a required question left empty is a problem; an irrelevant one is not asked", () => {
  assert.deepEqual(problems({}), [["foyer", "required"]]);
  assert.deepEqual(problems({ foyer: 1 }), []);
  assert.deepEqual(problems({ foyer: 3 }), [["bailleur", "required"]]);
  assert.deepEqual(problems({ foyer: 3, bailleur: "Toulouse Métropole Habitat" }), []);
});

test("a constraint gives the form's own message", () => {
  const run = runForm(survey, { foyer: 9, bailleur: "Toulouse Métropole Habitat" });
  assert.deepEqual(
    run.problems.map(({ key, message }) => [key, message]),
    [["foyer", "Entre 1 et 6"]],
  );
});

test("calculations are answered as text, as the server does; an answer that no longer applies is not sent", () => {
  const { answers } = runForm(survey, { foyer: 1, bailleur: "écrit avant de changer le foyer" });
  assert.deepEqual(answers, { foyer: 1, double: "2" });
});

test("one page per question that is shown", () => {
  const { pages } = layout(survey);
  assert.deepEqual(
    pages.map((page) => page.spec.name),
    ["foyer", "bailleur"],
  );
});
