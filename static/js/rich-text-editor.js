// The editor of rich text (core.rich_text.RichTextEditor): django-prose-editor's editor over
// each textarea marked data-django-prose-editor-rich-text, with the extensions that the
// attribute's JSON names (exactly the markup core.rich_text keeps).
//
// Not django-prose-editor's own presets: they find the editor through an import map, an
// inline script, and the editor would add an inline <style>; the site's Content-Security-
// Policy allows neither. This module imports the editor by its address instead, and the
// styles the editor would inject are in css/rich-text-editor.css.
import * as prose from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-django-prose-editor-rich-text";

// As core.rich_text keeps them: to the web, to an address, or within the site (/…, but
// not //host or /\host, which browsers read as another site).
function allowedHref(href) {
  return /^(https?:|mailto:)/i.test(href) || /^\/(?![/\\])/.test(href);
}

// A link is its address and nothing else: the server keeps no title and no target.
const RichTextLink = prose.Link.extend({
  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          if (editor.state.selection.empty && !editor.isActive("link")) {
            return false;
          }
          const current = editor.getAttributes("link").href || "";
          const dialog = prose.updateAttrsDialog(
            { href: { type: "string", title: prose.gettext("URL") } },
            { title: prose.gettext("Edit Link") },
          );
          dialog(editor, { href: current }).then((attrs) => {
            if (!attrs) return; // cancelled
            const href = (attrs.href || "").trim();
            const chain = editor.chain().focus().extendMarkRange("link");
            if (!href) {
              chain.unsetLink().run();
            } else if (allowedHref(href)) {
              chain.setLink({ href }).run();
            }
          });
          return true;
        },
    };
  },
});

function extensionsFrom(config) {
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    let extension = name === "Link" ? RichTextLink : prose[name];
    if (!extension) {
      console.error(`rich-text-editor: no extension ${name}`);
      continue;
    }
    if (name === "Link") {
      const linkOptions = typeof options === "object" ? options : {};
      extension = extension.configure({
        ...linkOptions,
        isAllowedUri: (href) => allowedHref(href),
      });
    } else if (typeof options === "object") {
      extension = extension.configure(options);
    }
    extensions.push(extension);
  }
  return extensions;
}

// django-prose-editor's createTextareaEditor, with the editor's CSS in a file rather than
// injected: the textarea stays in the form (hidden by editor.css), and holds the HTML.
function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    injectCSS: false,
    extensions: extensionsFrom(config),
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty editor holds one empty paragraph: an empty field, as before.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  // The label points at the textarea, which is hidden: let it point at the editor.
  if (textarea.id) {
    editor.view.dom.setAttribute("aria-labelledby", `${textarea.id}-label`);
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label && !label.id) label.id = `${textarea.id}-label`;
  }
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  );
  return editor;
}

// Every such textarea now, and those of rows added to an inline formset later (but not
// the formset's empty template, whose ids hold __prefix__).
prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
