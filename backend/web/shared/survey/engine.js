// The survey engine without any screen: expressions, definitions, answers, the form's run. Its
// own entry in the build, so the browser tests hold the very code the app runs to the server's.
export * from "./expressions/index.js";
export { PreparedSurvey } from "./definition.js";
export { runForm } from "./run.js";
