// Inbox: the "Kopieer contactgegevens" button, and opening the action the address points at. External file, so the Content-Security-Policy can
// forbid inline scripts. Without JavaScript the button stays hidden; everything else works without it.
(function () {
  "use strict";

  function meld(knop, tekst) {
    var plek = knop.parentNode.querySelector(".kopieer-melding");
    if (plek) {
      plek.textContent = tekst;
      window.setTimeout(function () { plek.textContent = ""; }, 4000);
    }
  }

  function kopieerOud(bron) {
    // fallback for browsers without the Clipboard API (or pages not served over https)
    bron.removeAttribute("aria-hidden");
    bron.select();
    bron.setSelectionRange(0, bron.value.length);
    var gelukt = false;
    try {
      gelukt = document.execCommand("copy");
    } catch (e) {
      gelukt = false;
    }
    bron.setAttribute("aria-hidden", "true");
    window.getSelection().removeAllRanges();
    return gelukt;
  }

  function kopieer(knop) {
    var bron = document.getElementById(knop.getAttribute("data-kopieer"));
    if (!bron) { return; }
    var tekst = bron.value;
    var klaar = function () { meld(knop, "Gekopieerd"); };
    var mislukt = function () {
      meld(knop, kopieerOud(bron) ? "Gekopieerd" : "Kopiëren lukte niet. Selecteer de gegevens zelf.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(tekst).then(klaar, mislukt);
    } else {
      mislukt();
    }
  }

  // An action folded away (<details>) opens when the address points at it, e.g. after saving it
  // (the page comes back at #contact) or from the page menu.
  function openGekozenActie() {
    var id = decodeURIComponent((window.location.hash || "").slice(1));
    var doel = id && document.getElementById(id);
    if (doel && doel.tagName === "DETAILS") { doel.open = true; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    openGekozenActie();
    window.addEventListener("hashchange", openGekozenActie);
    var knoppen = document.querySelectorAll("[data-kopieer]");
    Array.prototype.forEach.call(knoppen, function (knop) {
      knop.hidden = false;
      knop.addEventListener("click", function () { kopieer(knop); });
    });
  });
})();
