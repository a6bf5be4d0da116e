// A small Markdown renderer for texts the server sends (the privacy notice): headings, paragraphs,
// lists, **bold**, *emphasis*, links. It builds elements, never HTML from the text, so nothing in
// the text can run in the page; links go only to http(s) and mailto addresses.
import { html } from "../shared/html.js";

const INLINE = /\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|_(.+?)_|\[([^\]]+)\]\(([^)\s]+)\)/gs;
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

function inline(text) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const [, bold, bold2, em, em2, label, href] = match;
    if (bold || bold2) out.push(html`<strong>${inline(bold || bold2)}</strong>`);
    else if (em || em2) out.push(html`<em>${inline(em || em2)}</em>`);
    else if (SAFE_LINK.test(href))
      out.push(html`<a href=${href} rel="noopener noreferrer" target="_blank">${inline(label)}</a>`);
    else out.push(inline(label));
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Preact elements for ``text``; ``level`` is the heading level a "#" title becomes. */
export function Markdown({ text, level = 2 }) {
  const blocks = [];
  let paragraph = [];
  let list = null;
  const flush = () => {
    if (paragraph.length) blocks.push(html`<p>${inline(paragraph.join(" "))}</p>`);
    if (list) blocks.push(html`<ul>${list.map((item) => html`<li>${inline(item)}</li>`)}</ul>`);
    paragraph = [];
    list = null;
  };
  for (const raw of String(text || "").split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const item = /^[-*+]\s+(.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      const Tag = `h${Math.min(6, level + heading[1].length - 1)}`;
      blocks.push(html`<${Tag}>${inline(heading[2])}<//>`);
    } else if (item) {
      if (paragraph.length) flush();
      list ??= [];
      list.push(item[1]);
    } else if (list && /^\s/.test(raw))
      list[list.length - 1] += " " + line; // an item's next line
    else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return html`<div class="markdown">${blocks}</div>`;
}
