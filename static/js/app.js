// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

// Page enhancements load only where their page is (no inline scripts: strict CSP).
if (document.querySelector("[data-phases-form]")) {
  import("./phases.js");
}
