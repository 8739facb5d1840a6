// The chair's screen: htmx swaps the items region in place after each decision. If the
// control that had focus went with the old region, put focus on the status message, which
// also announces what was saved, rather than leaving it on the page body.
document.body.addEventListener("htmx:afterSettle", function (event) {
  var region = document.getElementById("conduct-items");
  if (!region || !region.contains(event.target)) {
    return;
  }
  if (document.activeElement === document.body || !document.body.contains(document.activeElement)) {
    var status = document.getElementById("conduct-status");
    if (status && status.textContent.trim()) {
      status.focus();
    } else {
      var heading = region.querySelector(".recuse-current-item h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  }
});
