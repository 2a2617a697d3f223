// Articles are written in Russian: open every language tab on the Russian (the first)
// whatever the admin's own language, instead of modeltranslation's default.
window.MODELTRANSLATION_AUTO_SELECT_CURRENT_LANGUAGE = false;

// modeltranslation's switch between all the tabs at once comes without a name for screen
// readers, and empty on a translator's page (which has no tabs): name it, or drop it.
// modeltranslation adds it when the page is ready, so watch for it.
(function () {
  function fix(languageSwitch) {
    if (languageSwitch.options.length === 0) {
      languageSwitch.remove();
      return;
    }
    var russian = document.documentElement.lang.indexOf("ru") === 0;
    languageSwitch.setAttribute("aria-label", russian ? "Язык полей" : "Language of the fields");
  }

  var observer = new MutationObserver(function () {
    var languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (languageSwitch) {
      observer.disconnect();
      fix(languageSwitch); // it comes with its options already in
    }
  });
  // Until it comes, which may be after the page's load event.
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();
