/* Drawing on a step's screenshot (templates/studio/capture.html): press, drag and release
   on the picture to draw where to tap (a rectangle or a circle) or a region to blur. The
   script only fills the form's numbers (percent of the picture), which can be typed too;
   the server checks them, blurs the regions in the stored file and writes the step's
   « repere ». A newly chosen file is shown here before anything is sent. */
(function () {
  "use strict";
  var zone = document.getElementById("dessin");
  if (!zone) { return; }
  var image = document.getElementById("capture-image");
  var mark = document.getElementById("dessin-repere");
  var input = document.getElementById("id_fichier");
  function field(name) { return document.getElementById("id_" + name); }
  function clamp(value) { return Math.round(Math.min(100, Math.max(0, value)) * 100) / 100; }
  function number(name) { return parseFloat((field(name).value || "").replace(",", ".")); }

  function place(element, box) {
    element.style.left = box.x + "%";
    element.style.top = box.y + "%";
    element.style.width = box.w + "%";
    element.style.height = box.h + "%";
  }

  function blurs() {
    return (field("flou").value || "").split(";").map(function (part) {
      var v = part.split(",").map(function (s) { return parseFloat(s); });
      return v.length === 4 && v.every(isFinite) ? {x: v[0], y: v[1], w: v[2], h: v[3]} : null;
    }).filter(Boolean);
  }

  function render() {
    var shape = field("repere_forme").value;
    var box = {x: number("repere_x"), y: number("repere_y"),
               w: number("repere_largeur"), h: number("repere_hauteur")};
    var shown = !image.hidden && shape && [box.x, box.y, box.w, box.h].every(isFinite);
    mark.hidden = !shown;
    if (shown) {
      place(mark, box);
      mark.classList.toggle("studio-capture__repere--cercle", shape === "cercle");
    }
    Array.prototype.forEach.call(zone.querySelectorAll(".studio-capture__flou"),
                                 function (old) { old.remove(); });
    if (image.hidden) { return; }
    blurs().forEach(function (b) {
      var veil = document.createElement("div");
      veil.className = "studio-capture__flou";
      place(veil, b);
      zone.appendChild(veil);
    });
  }

  function at(event) {
    var r = image.getBoundingClientRect();
    return {x: clamp((event.clientX - r.left) / r.width * 100),
            y: clamp((event.clientY - r.top) / r.height * 100)};
  }

  var start = null;
  var ghost = document.createElement("div");
  ghost.className = "studio-capture__repere";
  ghost.hidden = true;
  zone.appendChild(ghost);

  function boxTo(event) {
    var end = at(event);
    return {x: Math.min(start.x, end.x), y: Math.min(start.y, end.y),
            w: clamp(Math.abs(end.x - start.x)), h: clamp(Math.abs(end.y - start.y))};
  }

  function tool() {
    var checked = document.querySelector('input[name="outil"]:checked');
    return checked ? checked.value : "rectangle";
  }

  image.addEventListener("dragstart", function (event) { event.preventDefault(); });
  image.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    start = at(event);
    image.setPointerCapture(event.pointerId);
  });
  image.addEventListener("pointermove", function (event) {
    if (!start) { return; }
    ghost.hidden = false;
    ghost.classList.toggle("studio-capture__repere--cercle", tool() === "cercle");
    place(ghost, boxTo(event));
  });
  image.addEventListener("pointerup", function (event) {
    if (!start) { return; }
    var box = boxTo(event);
    start = null;
    ghost.hidden = true;
    if (box.w < 0.5 || box.h < 0.5) { return; }
    if (tool() === "flou") {
      var text = field("flou").value.trim();
      field("flou").value = (text ? text + " ; " : "") + [box.x, box.y, box.w, box.h].join(", ");
    } else {
      field("repere_forme").value = tool();
      field("repere_x").value = box.x;
      field("repere_y").value = box.y;
      field("repere_largeur").value = box.w;
      field("repere_hauteur").value = box.h;
    }
    render();
  });

  input.addEventListener("change", function () {
    if (!input.files.length) { return; }
    image.src = URL.createObjectURL(input.files[0]);
    image.hidden = false;
    render();
  });
  ["repere_forme", "repere_x", "repere_y", "repere_largeur", "repere_hauteur", "flou"]
    .forEach(function (name) { field(name).addEventListener("input", render); });
  field("repere_forme").addEventListener("change", render);
  image.addEventListener("load", render);
  render();
}());
