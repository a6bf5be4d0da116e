// How a form is laid out and kept consistent: its pages (each question on its own, a group in
// "field-list" on one page, a repeat with its instances on one page), new drafts and repeat
// instances with their defaults, and the draft brought in line after each change (calculated
// values kept for once(), instance counts set by repeat_count, choices a filter no longer offers).
import { runForm } from "./run.js";

const HIDDEN = new Set(["calculate", "hidden", "metadata"]);

/** Whether a question is shown at all (a table-list's header row is not). */
export function shown(spec) {
  if (HIDDEN.has(spec.type)) return false;
  if (spec.type === "select_one" && spec.appearance.includes("label")) return false;
  if (spec.type === "group") return spec.children.some(shown);
  return true;
}

/** Pages as lists of specs, each with ``groups`` (the enclosing groups, for their titles). */
export function layout(survey) {
  const pages = [];
  const visit = (specs, groups) => {
    for (const spec of specs) {
      if (!shown(spec)) continue;
      if (spec.type === "group" && !spec.appearance.includes("field-list")) visit(spec.children, [...groups, spec]);
      else pages.push({ spec, groups });
    }
  };
  visit(survey.children, []);
  const pageOf = new Map();
  pages.forEach((page, index) => {
    const mark = (spec) => {
      pageOf.set(spec, index);
      spec.children.forEach(mark);
    };
    mark(page.spec);
    page.groups.forEach((group) => pageOf.has(group) || pageOf.set(group, index));
  });
  return { pages, pageOf };
}

function nowIso(now) {
  const date = now || new Date();
  const offset = -date.getTimezoneOffset();
  const pad = (n, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:` +
    `${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}
export { nowIso };

/** A scope's starting answers: defaults, ODK's start/today metadata, one instance per repeat. */
export function newScope(specs, moment = new Date()) {
  const scope = {};
  const fill = (list) => {
    for (const spec of list) {
      if (spec.type === "group") fill(spec.children);
      else if (spec.type === "repeat") scope[spec.key] = spec.repeatCount ? [] : [newScope(spec.children, moment)];
      else if (spec.type === "metadata" && spec.node.metadata === "start") scope[spec.key] = nowIso(moment);
      else if (spec.type === "metadata" && spec.node.metadata === "today")
        scope[spec.key] = nowIso(moment).slice(0, 10);
      else if (spec.node.default !== undefined && spec.node.default !== "" && !spec.calculation) {
        const value = String(spec.node.default);
        scope[spec.key] =
          spec.type === "select_multiple" || spec.type === "rank" ? value.split(/\s+/).filter(Boolean) : value;
      }
    }
  };
  fill(specs);
  return scope;
}

/** The scope object (form or repeat instance) holding ``key``, e.g. "arrets[2]/lieu". */
export function scopeAt(answers, key) {
  let scope = answers;
  const parts = key.split("/");
  for (const part of parts.slice(0, -1)) {
    const match = /^(.*)\[(\d+)\]$/.exec(part);
    if (!match) continue; // a path step of an ambiguous name, inside the same scope
    scope = scope?.[match[1]]?.[Number(match[2]) - 1];
  }
  return scope;
}

const clone = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/**
 * Run the form and bring the draft in line with what the run found, until nothing changes.
 * Returns ``{answers, run}``; ``answers`` is a new object when anything changed.
 */
export function settle(survey, answers, options) {
  let current = answers;
  for (let round = 0; round < 5; round += 1) {
    const run = runForm(survey, current, options);
    let next = null;
    const edit = () => (next ||= clone(current));
    for (const field of run.fields.values()) {
      if (!field.relevant) continue;
      const name = field.spec.key;
      const scope = () => scopeAt(next || current, field.key);
      if (
        field.spec.calculation &&
        field.value !== undefined &&
        scope()?.[name] !== field.value &&
        field.spec.type !== "repeat"
      ) {
        edit();
        scope()[name] = field.value; // kept, so that once() keeps it the next time
      }
      if (field.refused?.length) {
        edit();
        const value = scope()[name];
        scope()[name] = Array.isArray(value) ? value.filter((n) => !field.refused.includes(n)) : "";
      }
      if (field.spec.type === "repeat" && field.count !== undefined && field.count !== null) {
        const wanted = Math.max(0, Math.min(field.count, 100));
        const instances = scope()?.[name] || [];
        if (instances.length !== wanted) {
          edit();
          const list = scope()[name] || [];
          while (list.length < wanted) list.push(newScope(field.spec.children));
          list.length = wanted;
          scope()[name] = list;
        }
      }
    }
    if (!next) return { answers: current, run };
    current = next;
  }
  return { answers: current, run: runForm(survey, current, options) };
}
