// 适老化 reading modes (大字 / 标准, 高对比度): a toolbar only script can use,
// so it is made by script. Loaded with defer from every page's <head>, its
// labels in the interface language are the script element's data-*
// attributes. The choice is kept in this browser only (localStorage); the
// small inline script in the <head> applies it before the page is painted.
(function () {
  var d = document.currentScript.dataset, h = document.documentElement.classList;
  function save() {
    try { localStorage.setItem("sitegen-reading", JSON.stringify({large: h.contains("large-text"), contrast: h.contains("high-contrast")})); } catch (e) {}
  }
  var bar = document.createElement("div"), wrap = document.createElement("div"), label = document.createElement("span"), buttons = [];
  bar.className = "reading-modes"; bar.setAttribute("role", "region"); bar.setAttribute("aria-label", d.label);
  wrap.className = "wrap"; label.textContent = d.label; wrap.appendChild(label); bar.appendChild(wrap);
  function sync() { buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.pressed() ? "true" : "false"); }); }
  function button(text, pressed, act) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = text; b.pressed = pressed;
    b.addEventListener("click", function () { act(); save(); sync(); });
    wrap.appendChild(b); buttons.push(b);
  }
  button(d.large, function () { return h.contains("large-text"); }, function () { h.add("large-text"); });
  button(d.standard, function () { return !h.contains("large-text"); }, function () { h.remove("large-text"); });
  button(d.contrast, function () { return h.contains("high-contrast"); }, function () { h.toggle("high-contrast"); });
  sync();
  document.body.insertBefore(bar, document.querySelector(".site-header"));
})();
