// CSV made in the browser (a table's « Exporter le tableau (CSV) »), as French spreadsheets read it,
// with the product's one spreadsheet-cell rule: analysis/spreadsheet.py says it and why; both
// implementations run the cases of tests/data/spreadsheet_cells.json.

const TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠"];
const NEGATIVE_NUMBER = /^-[0-9]+(?:[.,][0-9]+)?$/;

/**
 * ``value`` as a spreadsheet cell that cannot run: text a spreadsheet would take for a formula
 * gets a leading apostrophe; numbers, and text that is exactly a negative decimal, are kept.
 * @template T
 * @param {T} value
 * @returns {T | string}
 */
export function neutralise(value) {
  if (typeof value !== "string" || !TRIGGERS.some((trigger) => value.startsWith(trigger))) return value;
  return NEGATIVE_NUMBER.test(value) ? value : "'" + value;
}

/**
 * One cell, neutralised, then quoted when it holds a separator, a quote or a line break.
 * @param {unknown} value
 * @returns {string}
 */
function csvCell(value) {
  const safe = neutralise(value);
  const text = safe === null || safe === undefined ? "" : String(safe);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV as French spreadsheets read it (semicolons, BOM for Excel). ``columns`` are [key, label, …].
 * @param {Array<[string, string, ...unknown[]]>} columns
 * @param {Array<Record<string, unknown>>} rows
 * @returns {string}
 */
export function toCsv(columns, rows) {
  const lines = [columns.map(([, label]) => csvCell(label)).join(";")];
  for (const row of rows) lines.push(columns.map(([key]) => csvCell(row[key])).join(";"));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
