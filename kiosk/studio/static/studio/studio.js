/* After htmx replaces the step editor (a step saved), the keyboard focus goes to the first
   field in error, or else to the message saying it was saved: never lost at the top of the
   page. */
document.body.addEventListener("htmx:afterSwap", function (event) {
  "use strict";
  var target = event.detail.target;
  if (!target || target.id !== "editeur") { return; }
  var first = target.querySelector(
    ".fr-input-group--error input, .fr-input-group--error textarea, " +
    ".fr-select-group--error select, .fr-fieldset--error input");
  var saved = target.querySelector("[data-focus-after-save]");
  (first || saved || target).focus();
});
