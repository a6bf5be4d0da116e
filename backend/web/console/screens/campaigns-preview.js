// A survey as residents will see it: the residents' own form (screens/survey-form.js, same pages,
// same rules, same messages) in a phone-sized frame, in its preview mode where nothing is kept
// nor sent; "Recommencer" starts it again.
import { useMemo, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { Form } from "../../shared/screens/survey-form.js";
import { PreparedSurvey } from "../../shared/survey/definition.js";
import { newScope } from "../../shared/survey/pages.js";
import { ScreenTitle, Status } from "../../shared/ui.js";
import { getJson, Loaded, useLoad } from "../common.js";

function freshDraft(survey) {
  return {
    key: null, // no draft kept on this computer
    campaignId: "apercu",
    responseId: "apercu",
    answers: newScope(survey.children),
    page: 0,
    language: survey.defaultLanguage || survey.languages[0] || "",
    startedAt: new Date().toISOString(),
  };
}

/** The phone frame holding the residents' form for ``definition``. */
export function SurveyPreview({ definition, title, config }) {
  const survey = useMemo(() => new PreparedSurvey(definition), [definition]);
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState(null);
  const restart = () => {
    setSent(null);
    setRound((n) => n + 1);
  };
  const campaign = { id: "apercu", title: title || survey.settings.title || "Enquête" };
  return html`
    <div class="preview-phone" role="region" aria-label="Aperçu sur un téléphone">
      <div class="preview-screen page">
        ${
          sent
            ? html`
            <${Status} kind="ok">Fin de l'aperçu : un veilleur aurait envoyé ses réponses ici. Rien n'a été enregistré.</${Status}>
            <details class="preview-answers"><summary>Les réponses de cet essai</summary>
              <pre>${JSON.stringify(sent, null, 2)}</pre></details>`
            : html`<${Form} key=${round} campaign=${campaign} survey=${survey} draft=${freshDraft(survey)}
              user=${null} map=${{ outlines: [], config: config || {} }} preview=${setSent} />`
        }
      </div>
    </div>
    <p><button type="button" class="button secondary small" onClick=${restart}>Recommencer l'aperçu</button></p>
  `;
}

const INTRO = html`<p class="hint">Voici le questionnaire exactement comme les veilleurs le verront dans l'application :
  mêmes pages, mêmes règles (questions obligatoires, conditions, messages d'erreur). Vous pouvez y répondre pour
  l'essayer : rien n'est enregistré ni envoyé.</p>`;

/** #/enquetes/apercu/SURVEY_ID: a published version. */
export function SurveyPreviewPage({ surveyId, config, organiser }) {
  const state = useLoad(() => getJson(`/surveys/${encodeURIComponent(surveyId)}`), [surveyId]);
  return html`
    <p><a href="#/enquetes">← Enquêtes et campagnes</a></p>
    <${Loaded} state=${state} what="le formulaire">${(survey) => html`
      <${ScreenTitle}>Aperçu : ${survey.title}</${ScreenTitle}>
      <p class="meta">Version ${survey.version} du formulaire « ${survey.form_id} ».
        ${organiser && html` <a href=${"#/enquetes/nouvelle?survey=" + survey.id}>Ouvrir une campagne avec ce formulaire</a>`}</p>
      ${INTRO}
      <${SurveyPreview} definition=${survey.definition} title=${survey.title} config=${config} />`}
    </${Loaded}>
  `;
}

/** #/enquetes/modele/NAME: a built-in template, before it is published. */
export function TemplatePreviewPage({ name, config }) {
  const state = useLoad(() => getJson(`/surveys/templates/${encodeURIComponent(name)}`), [name]);
  return html`
    <p><a href="#/enquetes">← Enquêtes et campagnes</a></p>
    <${Loaded} state=${state} what="le modèle">${(template) => html`
      <${ScreenTitle}>Aperçu du modèle : ${template.title}</${ScreenTitle}>
      <p class="meta">${template.description}</p>
      ${INTRO}
      <${SurveyPreview} definition=${template.definition} title=${template.title} config=${config} />`}
    </${Loaded}>
  `;
}
