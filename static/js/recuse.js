// Small progressive enhancements shared by every page. Each page works without them.
(function () {
  // A table scroll box is a tab stop (and a named region) only while it has something to
  // scroll: a keyboard user then scrolls it with the arrow keys, and is not made to stop on
  // boxes that fit the screen.
  var SLACK = 4;

  function fitScrollBoxes() {
    document.querySelectorAll(".recuse-table-scroll").forEach(function (box) {
      var label = box.getAttribute("aria-labelledby") || box.getAttribute("data-labelledby");
      // The design system's tables are a few pixels wider than their box: that is not scrolling.
      if (box.scrollWidth > box.clientWidth + SLACK) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (label) {
          box.setAttribute("aria-labelledby", label);
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        if (label) {
          box.setAttribute("data-labelledby", label);
          box.removeAttribute("aria-labelledby");
        }
      }
    });
  }

  // Escape closes the header's "More" menu (nhsuk-frontend); bring focus back to the toggle
  // rather than letting it fall to the page body with the hidden menu.
  function returnFocusFromMenu(event) {
    if (event.key !== "Escape") {
      return;
    }
    var toggle = document.querySelector(".nhsuk-header__menu-toggle");
    var menu = document.querySelector(".nhsuk-header__menu-list");
    if (!toggle || !menu || menu.hasAttribute("hidden")) {
      return;
    }
    if (menu.contains(document.activeElement) || document.activeElement === toggle) {
      toggle.focus();
    }
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(fitScrollBoxes, 100);
  });
  document.addEventListener("keydown", returnFocusFromMenu, true);
  document.addEventListener("DOMContentLoaded", fitScrollBoxes);
  document.addEventListener("htmx:afterSettle", fitScrollBoxes);
  if (document.readyState !== "loading") {
    fitScrollBoxes();
  }
})();
