// Enquêtes et campagnes: the survey forms (published, from a template, imported from an XLSForm),
// their preview as residents see them, the campaigns (open one, follow its responses, export them,
// close it). Analysts read and export; animateurs and admins also publish, open and close.
// Sub-pages: #/enquetes/apercu/SURVEY, #/enquetes/modele/NAME, #/enquetes/nouvelle?survey=ID,
// #/enquetes/campagne/ID.
import { html } from "../../shared/html.js";
import { ScreenTitle } from "../../shared/ui.js";
import { CampaignList, CampaignPage, NewCampaign } from "./campaigns-campaign.js";
import { SurveyPreviewPage, TemplatePreviewPage } from "./campaigns-preview.js";
import { SurveysSection } from "./campaigns-surveys.js";
import { can } from "../../shared/permissions.js";

export function CampaignsScreen({ user, route, config }) {
  const organiser = can(user, "run_campaigns");
  const [target] = route.rest || [];
  let page;
  if (route.id === "apercu" && target)
    page = html`<${SurveyPreviewPage} key=${target} surveyId=${target} config=${config} organiser=${organiser} />`;
  else if (route.id === "modele" && target)
    page = html`<${TemplatePreviewPage} key=${target} name=${target} config=${config} />`;
  else if (route.id === "nouvelle" && organiser) page = html`<${NewCampaign} user=${user} route=${route} />`;
  else if (route.id === "campagne" && target)
    page = html`<${CampaignPage} key=${target} id=${target} organiser=${organiser} />`;
  else {
    page = html`
      <${ScreenTitle}>Enquêtes et campagnes</${ScreenTitle}>
      <p class="hint">${
        organiser
          ? "Publiez un formulaire (un modèle ou votre XLSForm), vérifiez-le dans l'aperçu, puis ouvrez une campagne sur vos territoires : les veilleurs y répondent dans l'application."
          : "Les campagnes d'enquête de vos territoires : suivez les réponses, lisez leur résumé, exportez-les."
      }</p>
      <${CampaignList} organiser=${organiser} />
      <${SurveysSection} organiser=${organiser} />`;
  }
  return html`<div class="campaigns-screen">${page}</div>`;
}
