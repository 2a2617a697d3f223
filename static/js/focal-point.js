// The focal-point picker of the image library's change form
// (templates/admin/images/focal_point_picker.html): a marker on the picture that a click,
// or the arrow keys on the focused marker, moves; it writes the form's focal_x and focal_y
// fields, and follows them when they are typed in. Without this script the picker stays
// hidden and the two fields work alone. No inline styles (the admin's CSP): the marker and
// the crop frames are placed by CSS custom properties set here.
(function () {
  var STEP = 0.01;
  var LARGE_STEP = 0.1;

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function round(value) {
    return Math.round(value * 1000) / 1000;
  }

  function percent(value) {
    return Math.round(value * 100) + "%";
  }

  // The frame a crop of aspect `aspect` (width / height) cuts around (x, y), as fractions
  // of the picture: what images/renditions.py FillAroundFocalPoint does.
  function cropFrame(pictureAspect, aspect, x, y) {
    var width = 1;
    var height = 1;
    if (aspect > pictureAspect) {
      height = pictureAspect / aspect; // as wide as the picture, a band of its height
    } else {
      width = aspect / pictureAspect; // as high as the picture, a band of its width
    }
    return {
      left: Math.min(Math.max(x - width / 2, 0), 1 - width),
      top: Math.min(Math.max(y - height / 2, 0), 1 - height),
      width: width,
      height: height,
    };
  }

  function setUp(container) {
    var form = container.closest("form");
    if (!form) return;
    var xInput = form.elements[container.dataset.xField];
    var yInput = form.elements[container.dataset.yField];
    var picker = container.querySelector(".focal-point-picker");
    var frame = container.querySelector(".focal-point-frame");
    var image = container.querySelector(".focal-point-image");
    var marker = container.querySelector(".focal-point-marker");
    if (!xInput || !yInput || !picker || !frame || !image || !marker) return;
    var crops = container.querySelectorAll(".focal-point-crop");
    var label = container.dataset.label || "{x}, {y}";
    var pictureAspect = image.width / image.height;

    function read(input, fallback) {
      var value = parseFloat(String(input.value).replace(",", "."));
      return isNaN(value) ? fallback : clamp(value);
    }

    var x = read(xInput, parseFloat(container.dataset.x) || 0.5);
    var y = read(yInput, parseFloat(container.dataset.y) || 0.5);

    function show() {
      frame.style.setProperty("--focal-x", String(x));
      frame.style.setProperty("--focal-y", String(y));
      marker.setAttribute("aria-label", label.replace("{x}", percent(x)).replace("{y}", percent(y)));
      crops.forEach(function (crop) {
        var sides = crop.dataset.aspect.split("x");
        var box = cropFrame(pictureAspect, sides[0] / sides[1], x, y);
        crop.style.setProperty("--crop-left", box.left * 100 + "%");
        crop.style.setProperty("--crop-top", box.top * 100 + "%");
        crop.style.setProperty("--crop-width", box.width * 100 + "%");
        crop.style.setProperty("--crop-height", box.height * 100 + "%");
      });
    }

    function moveTo(newX, newY) {
      x = clamp(newX);
      y = clamp(newY);
      // Both values first: each field's events read the other.
      xInput.value = String(round(x));
      yInput.value = String(round(y));
      [xInput, yInput].forEach(function (input) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      show();
    }

    frame.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      if (!box.width || !box.height) return;
      moveTo((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
      marker.focus();
    });

    marker.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? LARGE_STEP : STEP;
      var moves = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      moveTo(x + move[0], y + move[1]);
    });

    // Typed into the fields: the marker follows.
    [xInput, yInput].forEach(function (input) {
      input.addEventListener("input", function () {
        x = read(xInput, x);
        y = read(yInput, y);
        show();
      });
    });

    show();
    picker.hidden = false;
  }

  function start() {
    document.querySelectorAll("[data-focal-point]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
