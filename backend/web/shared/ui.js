// Small building blocks shared by the screens: labelled fields, error summaries, the page title.
import { useEffect, useRef } from "preact/hooks";
import { html } from "./html.js";

/** A screen's heading: it receives the focus when the screen opens, so screen readers announce it. */
export function ScreenTitle({ children, title }) {
  const ref = useRef(null);
  useEffect(() => {
    document.title = `${title || children} — Veilleurs`;
    ref.current?.focus({ preventScroll: true });
  }, [title || children]);
  return html`<h1 ref=${ref} tabindex="-1">${children}</h1>`;
}

export function Field({ id, label, hint, error, children }) {
  return html`
    <div class=${"field" + (error ? " has-error" : "")}>
      <label for=${id}>${label}</label>
      ${hint && html`<p class="hint" id=${id + "-hint"}>${hint}</p>`}
      ${error && html`<p class="field-error" id=${id + "-error"}>${error}</p>`}
      ${children}
    </div>
  `;
}

export const describedBy = (id, hint, error) =>
  [hint && id + "-hint", error && id + "-error"].filter(Boolean).join(" ") || undefined;

/** Errors at the top of a form, announced at once; each one is a sentence a resident can act on. */
export function ErrorSummary({ title = "À corriger", messages }) {
  const ref = useRef(null);
  useEffect(() => {
    if (messages?.length) ref.current?.focus();
  }, [messages]);
  if (!messages?.length) return null;
  return html`
    <div class="error-summary" role="alert" tabindex="-1" ref=${ref}>
      <h2>${title}</h2>
      <ul>${messages.map((m) => html`<li>${m}</li>`)}</ul>
    </div>
  `;
}

export function Status({ kind = "info", children }) {
  return html`<p class=${"status " + kind} role="status">${children}</p>`;
}
