// CSV made in the browser (a table's « Exporter le tableau (CSV) »), as French spreadsheets read it.

/**
 * One cell: quoted when it holds a separator, a quote or a line break.
 * @param {unknown} value
 * @returns {string}
 */
function csvCell(value) {
  const text = value === null || value === undefined ? "" : String(value);
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
