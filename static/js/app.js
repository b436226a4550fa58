// Progressive enhancement: the pages work as plain forms; this entry module wires up the
// rest (the article page annotates in place, without reloading). Nothing imports it.
import { enhanceAnnotationForm } from "./annotation-form.js";
import { initArticlePage } from "./article.js";
import { enableCopyButtons } from "./copy.js";
import { watchInvitationLinks } from "./invitation.js";
import { initKeyboard } from "./keyboard.js";
import { initLive } from "./live.js";
import { initMenus } from "./menus.js";
import { loadRemainingParts } from "./parts.js";
import { linkRatingsToVerdicts } from "./rating-choice.js";

document.addEventListener("DOMContentLoaded", () => {
  const article = document.querySelector("[data-article-id]");
  if (article) {
    initArticlePage(article);
    initMenus();
    initKeyboard(article);
    initLive(article);
    loadRemainingParts(article);
  }
  document.querySelectorAll(".annotation-form").forEach(enhanceAnnotationForm);
  watchInvitationLinks();
  enableCopyButtons();
  linkRatingsToVerdicts();
});
