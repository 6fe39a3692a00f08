// Warns a signed-in member of staff before the idle limit signs them out, as GOV.UK and HMRC
// services do (HMRC's "timeout dialog" pattern), and lets them stay signed in.
//
// The timings come from data- attributes on <body> (templates/base.html), so there is no inline
// script. "Stay signed in" posts to the keep-alive endpoint (204); "Sign out" posts to sign-out.
// Activity in any tab of the same browser counts: the last activity is shared via localStorage.
// When the time is up the page reloads, and the server signs the user out with a message.
//
// hmrc-frontend's own timeout dialog is not vendored: its releases need govuk-frontend 5.11 or
// later (6.x for 7.x) while we vendor 5.8.0, it would add a second stylesheet bundle, and our
// keep-alive and sign-out are CSRF-protected POSTs.

const body = document.body;
const idleSeconds = Number(body.dataset.sessionIdleSeconds);
const warningSeconds = Number(body.dataset.sessionWarningSeconds);
const keepAliveUrl = body.dataset.sessionKeepAliveUrl;
const signOutUrl = body.dataset.sessionSignOutUrl;
const STORAGE_KEY = "rtw:last-activity";

let lastActivity = Date.now();
let dialog = null;
let returnFocusTo = null;
let lastAnnounced = null;

function share(time) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(time));
  } catch {
    // Private browsing may refuse storage: this tab still counts its own activity.
  }
}

function latestActivity() {
  let latest = lastActivity;
  try {
    const shared = Number(window.localStorage.getItem(STORAGE_KEY));
    if (shared > latest) latest = shared;
  } catch {
    // As above.
  }
  return latest;
}

function csrfToken() {
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : "";
}

function describe(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function buildDialog() {
  const node = element("dialog", {
    class: "app-timeout-dialog",
    id: "app-timeout-dialog",
    "aria-labelledby": "app-timeout-dialog-title",
    "aria-describedby": "app-timeout-dialog-text",
  });
  node.append(
    element("h2", { class: "govuk-heading-m", id: "app-timeout-dialog-title" }, "You’re about to be signed out"),
  );
  const text = element("p", { class: "govuk-body", id: "app-timeout-dialog-text" });
  text.append("For your security, we will sign you out in ");
  text.append(element("strong", { class: "app-timeout-dialog__countdown", "aria-hidden": "true" }));
  text.append(".");
  node.append(text);
  // Screen readers hear the time left when it changes by a step, not every second.
  node.append(element("p", { class: "govuk-visually-hidden app-timeout-dialog__live", "aria-live": "polite" }));

  const buttons = element("div", { class: "govuk-button-group" });
  const stay = element("button", { type: "button", class: "govuk-button", "data-timeout-stay": "" }, "Stay signed in");
  stay.addEventListener("click", staySignedIn);
  const form = element("form", { method: "post", action: signOutUrl });
  form.append(element("input", { type: "hidden", name: "csrfmiddlewaretoken", value: csrfToken() }));
  form.append(element("button", { type: "submit", class: "app-body-link-button govuk-link" }, "Sign out"));
  buttons.append(stay, form);
  node.append(buttons);
  // Escape means "not now", as in HMRC's dialog: it keeps the user signed in.
  node.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  document.body.append(node);
  return node;
}

function showDialog(secondsLeft) {
  if (!dialog) dialog = buildDialog();
  if (!dialog.open) {
    returnFocusTo = document.activeElement;
    lastAnnounced = null;
    dialog.showModal();
    dialog.querySelector("[data-timeout-stay]").focus();
  }
  const words = describe(secondsLeft);
  dialog.querySelector(".app-timeout-dialog__countdown").textContent = words;
  const step = secondsLeft >= 60 ? Math.ceil(secondsLeft / 60) * 60 : Math.ceil(secondsLeft / 20) * 20;
  if (step !== lastAnnounced) {
    lastAnnounced = step;
    dialog.querySelector(".app-timeout-dialog__live").textContent = `For your security, we will sign you out in ${words}.`;
  }
}

function closeDialog() {
  if (dialog && dialog.open) dialog.close();
  if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
  returnFocusTo = null;
}

async function staySignedIn() {
  let response;
  try {
    response = await fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      redirect: "manual",
    });
  } catch {
    return; // Offline: leave the dialog up, the user can try again.
  }
  if (response.status === 204) {
    lastActivity = Date.now();
    share(lastActivity);
    closeDialog();
  } else {
    signedOut();
  }
}

function signedOut() {
  // The server signs the user out and shows the sign-in page with what happened.
  window.location.assign(window.location.href);
}

function tick() {
  const secondsLeft = Math.ceil((latestActivity() + idleSeconds * 1000 - Date.now()) / 1000);
  if (secondsLeft <= 0) {
    window.clearInterval(timer);
    signedOut();
  } else if (secondsLeft <= warningSeconds) {
    showDialog(secondsLeft);
  } else if (dialog && dialog.open) {
    closeDialog(); // Another tab kept the session alive.
  }
}

let timer = null;
if (idleSeconds > 0 && keepAliveUrl && typeof HTMLDialogElement === "function") {
  share(lastActivity);
  timer = window.setInterval(tick, 1000);
}
