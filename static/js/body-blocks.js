// The article's body as blocks (news/admin/body.py): each block shows only the fields of
// its kind, can be collapsed to its first words, moved up and down (or dragged by its
// title), and a new block can be put above any other. Without this script the form
// still works: every field shows, and the position numbers order the blocks.
//
// The blocks' order is carried by their position fields, which this script fills in;
// the page shows the blocks in that order. Django's own script numbers new blocks by
// their place on the page when one is removed, so the page is put back in that order
// for it, then sorted again.
(function () {
  "use strict";

  var PREFIX = "body";
  var russian = document.documentElement.lang.indexOf("ru") === 0;
  var TEXT = russian
    ? {
        up: "Выше",
        down: "Ниже",
        above: "Вставить блок выше",
        collapse: "Свернуть",
        expand: "Развернуть",
        drag: "Перетащите, чтобы переставить",
        empty: "(пусто)",
      }
    : {
        up: "Move up",
        down: "Move down",
        above: "Insert a block above",
        collapse: "Collapse",
        expand: "Expand",
        drag: "Drag to move",
        empty: "(empty)",
      };
  // The fields of each kind, as the form names them (news.admin.body.KIND_FIELDS).
  var KIND_FIELDS = {
    paragraph: ["text_ru", "text_en"],
    subheading: ["heading_ru", "heading_en"],
    quote: ["quote_text_ru", "quote_text_en", "official"],
    image: ["image", "caption_ru", "caption_en"],
  };
  // The Russian that sums a collapsed block up.
  var SUMMARY_FIELD = {
    paragraph: "text_ru",
    subheading: "heading_ru",
    quote: "quote_text_ru",
    image: "image",
  };

  function group() {
    return document.getElementById(PREFIX + "-group");
  }

  function blocks() {
    var found = group().querySelectorAll(".inline-related");
    return Array.prototype.filter.call(found, function (block) {
      return !block.classList.contains("empty-form") && /-\d+$/.test(block.id);
    });
  }

  function field(block, name) {
    // Not the hidden copy of its value as opened (core.conflicts), named "initial-…".
    return block.querySelector("[name$='-" + name + "']:not([name^='initial-'])");
  }

  function fieldBox(block, name) {
    var row = block.querySelector(".field-" + name);
    if (!row) return null;
    // modeltranslation puts a translated field's rows into a box of language tabs (and,
    // in a block that was on the page before another was added, into a second box).
    var box = row;
    var outer = row.parentElement.closest(".ui-tabs");
    while (outer && block.contains(outer)) {
      box = outer;
      outer = outer.parentElement.closest(".ui-tabs");
    }
    return box;
  }

  function kindOf(block) {
    var select = field(block, "kind");
    return select ? select.value : "";
  }

  function showKind(block) {
    var kind = kindOf(block);
    Object.keys(KIND_FIELDS).forEach(function (other) {
      KIND_FIELDS[other].forEach(function (name) {
        var box = fieldBox(block, name);
        // An undecided kind (the form's blank choice) shows everything, as without script.
        if (box) box.hidden = kind !== "" && other !== kind;
      });
    });
    summarise(block);
  }

  function words(text, count) {
    var all = text.replace(/<[^>]*>/g, " ").split(/\s+/).filter(Boolean);
    return all.slice(0, count).join(" ") + (all.length > count ? " …" : "");
  }

  function summarise(block) {
    var summary = block.querySelector(".body-block__summary");
    if (!summary) return;
    var kind = kindOf(block) || "paragraph";
    var source = field(block, SUMMARY_FIELD[kind]);
    var text = "";
    if (source && source.tagName === "SELECT") {
      var chosen = source.options[source.selectedIndex];
      text = chosen && chosen.value ? chosen.textContent : "";
    } else if (source) {
      text = source.value;
    }
    var kindSelect = field(block, "kind");
    var label = kindSelect ? kindSelect.options[kindSelect.selectedIndex].textContent : "";
    summary.textContent = (kindOf(block) ? label + ": " : "") + (words(text, 12) || TEXT.empty);
  }

  function setCollapsed(block, collapsed) {
    block.classList.toggle("body-block--collapsed", collapsed);
    var toggle = block.querySelector(".body-block__toggle");
    if (toggle) {
      toggle.textContent = collapsed ? TEXT.expand : TEXT.collapse;
      toggle.setAttribute("aria-expanded", String(!collapsed));
    }
    summarise(block);
  }

  function position(block) {
    var value = parseInt(field(block, "order").value, 10);
    return isNaN(value) ? Infinity : value;
  }

  function index(block) {
    return parseInt(block.id.slice(PREFIX.length + 1), 10);
  }

  function placeInOrder(key) {
    var list = blocks();
    var ordered = list.slice().sort(function (a, b) {
      return key(a) - key(b) || index(a) - index(b);
    });
    // Moved only when out of order: moving a block takes the focus from a field in it.
    var same = ordered.every(function (block, at) {
      return block === list[at];
    });
    if (same) return;
    var anchor = list[list.length - 1].nextSibling;
    ordered.forEach(function (block) {
      anchor.parentNode.insertBefore(block, anchor);
    });
  }

  // The positions as the page shows the blocks: 1, 2, 3…
  function renumber() {
    blocks().forEach(function (block, at) {
      field(block, "order").value = String(at + 1);
    });
  }

  function move(block, before) {
    block.parentNode.insertBefore(block, before);
    renumber();
    block.scrollIntoView({ block: "nearest" });
  }

  function moveUp(block) {
    var list = blocks();
    var at = list.indexOf(block);
    if (at > 0) move(block, list[at - 1]);
  }

  function moveDown(block) {
    var list = blocks();
    var at = list.indexOf(block);
    if (at < list.length - 1) move(block, list[at + 1].nextSibling);
  }

  var insertAbove = null; // the block a new one is to go above

  function addAbove(block) {
    insertAbove = block;
    var add = group().querySelector(".add-row a");
    if (add) add.click();
  }

  function button(label, className, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "body-block__button " + className;
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  var dragged = null;

  function equip(block) {
    if (block.dataset.bodyBlock) return;
    block.dataset.bodyBlock = "1";
    var title = block.querySelector("h3");
    var tools = document.createElement("span");
    tools.className = "body-block__tools";
    var toggle = button(TEXT.collapse, "body-block__toggle", function () {
      setCollapsed(block, !block.classList.contains("body-block--collapsed"));
    });
    toggle.setAttribute("aria-expanded", "true");
    tools.appendChild(toggle);
    tools.appendChild(button("↑ " + TEXT.up, "body-block__up", function () { moveUp(block); }));
    tools.appendChild(
      button("↓ " + TEXT.down, "body-block__down", function () { moveDown(block); })
    );
    tools.appendChild(button("+ " + TEXT.above, "body-block__above", function () {
      addAbove(block);
    }));
    var summary = document.createElement("span");
    summary.className = "body-block__summary";
    title.appendChild(summary);
    title.appendChild(tools);
    title.classList.add("body-block__handle");
    title.title = TEXT.drag;
    // Dragged by its title only, so that text in its fields can still be selected.
    title.addEventListener("mousedown", function (event) {
      block.draggable = !event.target.closest("button, input, label, a");
    });
    block.addEventListener("dragstart", function (event) {
      dragged = block;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", block.id);
      block.classList.add("body-block--dragged");
    });
    block.addEventListener("dragend", function () {
      block.draggable = false;
      block.classList.remove("body-block--dragged");
      dragged = null;
    });
    block.addEventListener("dragover", function (event) {
      if (dragged && dragged !== block) event.preventDefault();
    });
    block.addEventListener("drop", function (event) {
      if (!dragged || dragged === block) return;
      event.preventDefault();
      var box = block.getBoundingClientRect();
      var below = event.clientY > box.top + box.height / 2;
      move(dragged, below ? block.nextSibling : block);
    });
    var kind = field(block, "kind");
    if (kind) kind.addEventListener("change", function () { showKind(block); });
    var orderRow = block.querySelector(".field-order");
    if (orderRow) orderRow.hidden = true; // the buttons and dragging set it
    showKind(block);
  }

  function start() {
    if (!group() || !field(group(), "order")) return; // a translator's page: no blocks to edit
    group().classList.add("body-blocks");
    blocks().forEach(function (block) {
      // A block waiting to be written is a paragraph until the editor says otherwise.
      var kind = field(block, "kind");
      var stored = field(block, "id") && field(block, "id").value;
      if (!stored && kind && !kind.value) kind.value = "paragraph";
      equip(block);
    });
    placeInOrder(position);
    renumber();
    // A long body opens folded, each stored block showing its first words; one with an
    // error stays open, as does the empty block waiting to be written.
    if (blocks().length > 4) {
      blocks().forEach(function (block) {
        var stored = field(block, "id") && field(block, "id").value;
        if (stored && !block.querySelector(".errorlist")) setCollapsed(block, true);
      });
    }
    // Before Django's script renumbers the new blocks by their place on the page.
    group().addEventListener(
      "click",
      function (event) {
        if (event.target.closest(".inline-deletelink")) placeInOrder(index);
      },
      true
    );
  }

  document.addEventListener("formset:added", function (event) {
    if (event.detail && event.detail.formsetName !== PREFIX) return;
    var block = event.target;
    var above = insertAbove;
    insertAbove = null;
    // Once every other handler is done: modeltranslation puts the new block's language
    // tabs in, finding it as the last block.
    window.setTimeout(function () {
      var kind = field(block, "kind");
      if (kind && !kind.value) kind.value = "paragraph";
      equip(block);
      if (above) block.parentNode.insertBefore(block, above);
      renumber();
      var first = block.querySelector("select, textarea, input:not([type=hidden])");
      if (first) first.focus();
    }, 0);
  });
  document.addEventListener("formset:removed", function (event) {
    if (event.detail && event.detail.formsetName !== PREFIX) return;
    placeInOrder(position);
    renumber();
  });

  // After the page's other scripts: modeltranslation puts the fields into language tabs
  // when the page is ready, and the tabs are what is shown or hidden.
  function startAfterTheOthers() {
    window.setTimeout(start, 0);
  }
  if (document.readyState === "complete") {
    startAfterTheOthers();
  } else {
    window.addEventListener("load", startAfterTheOthers);
  }
})();
