// "Add another phase" without a round trip: the button adds a blank phase from the page's
// <template> (the same markup the server renders) and moves the focus to it. Without
// JavaScript the button posts the form, and the server answers with one more blank phase.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

const MAX_PHASES = 52;

export function enhancePhases(form) {
  const button = form.querySelector("[data-add-phase]");
  const template = form.querySelector("template");
  const list = template && form.querySelector(`#${template.id.replace(/-empty$/, "-list")}`);
  const prefix = template && template.id.replace(/-empty$/, "");
  const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const status = form.querySelector("[data-phase-status]");
  if (!button || !list || !total) return;
  button.addEventListener("click", (event) => {
    const index = Number(total.value);
    if (!(index < MAX_PHASES)) return; // let the server answer
    event.preventDefault();
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const phase = list.lastElementChild;
    initAll({ scope: phase });
    if (status) status.textContent = (status.dataset.addedText || "").replace("NUMBER", String(index + 1));
    const first = phase.querySelector("input, textarea, select");
    if (first) first.focus();
  });
}

document.querySelectorAll("[data-phases-form]").forEach(enhancePhases);
