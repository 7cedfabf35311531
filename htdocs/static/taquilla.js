// Taquilla — progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  // Prevent double submission: disable the submit button once a form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
  // Warn before upload when files exceed the site's limits (the server checks again).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) { return; }
    var maxBytes = Number(input.dataset.maxBytes), maxFiles = Number(input.dataset.maxFiles), problem = "";
    if (input.files.length > maxFiles) { problem = "max " + maxFiles; }
    for (var i = 0; i < input.files.length; i++) {
      if (input.files[i].size > maxBytes) { problem = input.files[i].name + " > " + Math.round(maxBytes / 1048576) + " MB"; }
    }
    input.setCustomValidity(problem);
    if (problem) { input.reportValidity(); }
  });
})();

// ---- Operator desk ------------------------------------------------------------------
(function () {
  "use strict";

  // Rich-text reply editor: replaces the textarea with a contenteditable area and a
  // toolbar; on submit the HTML goes back into the textarea and format becomes "html".
  // The server sanitizes whatever arrives, so this is convenience, not security.
  var textarea = document.querySelector("textarea[data-editor=html]");
  var editor = null;
  if (textarea && document.execCommand) {
    var labels = (textarea.dataset.labels || "B|I|UL|OL|Link|Image|URL:|URL:").split("|");
    var format = document.getElementById("reply-format");
    var bar = document.createElement("div");
    bar.className = "editor-bar";
    bar.setAttribute("role", "toolbar");
    var commands = [["bold", labels[0]], ["italic", labels[1]], ["insertUnorderedList", labels[2]],
                    ["insertOrderedList", labels[3]], ["createLink", labels[4]], ["insertImage", labels[5]]];
    commands.forEach(function (c) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = c[1];
      b.dataset.command = c[0];
      bar.appendChild(b);
    });
    editor = document.createElement("div");
    editor.className = "editor";
    editor.id = "reply-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (format.value === "html") { editor.innerHTML = textarea.value; } else { editor.textContent = textarea.value; }
    bar.addEventListener("click", function (event) {
      var command = event.target.dataset && event.target.dataset.command;
      if (!command) { return; }
      var value = null;
      if (command === "createLink" || command === "insertImage") {
        value = window.prompt(command === "createLink" ? labels[6] : labels[7], "https://");
        if (!value) { return; }
      }
      editor.focus();
      document.execCommand(command, false, value);
    });
    textarea.hidden = true;
    textarea.parentNode.insertBefore(bar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    textarea.form.addEventListener("submit", function () {
      textarea.value = editor.innerHTML;
      format.value = "html";
    });
    // Remember where the caret was in the editor, so a template or snippet chosen from
    // another control goes in at that place, not at the start.
    var lastRange = null;
    document.addEventListener("selectionchange", function () {
      var s = window.getSelection();
      if (s.rangeCount && editor.contains(s.anchorNode)) { lastRange = s.getRangeAt(0).cloneRange(); }
    });
    // Inserts already-sanitized HTML (or a text node) at the remembered caret. Built with
    // a Range and a <template> instead of execCommand("insertHTML"), which adds inline
    // style attributes that the Content-Security-Policy (rightly) refuses.
    editor.insertAtCursor = function (html, asText) {
      var range = lastRange;
      if (!range || !editor.contains(range.startContainer)) {
        range = document.createRange();
        range.selectNodeContents(editor);
        range.collapse(false);
      }
      range.deleteContents();
      var node;
      if (asText) {
        node = document.createTextNode(html);
      } else {
        var holder = document.createElement("template");
        holder.innerHTML = html;
        node = holder.content;
      }
      var last = asText ? node : node.lastChild;
      range.insertNode(node);
      if (last) { range.setStartAfter(last); }
      range.collapse(true);
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(range);
      lastRange = range.cloneRange();
      editor.focus();
    };
  }

  // Templates: insert the filled template at the cursor instead of posting the form.
  var insert = document.getElementById("insert-template");
  var picker = document.getElementById("template");
  if (insert && picker && editor) {
    insert.addEventListener("click", function (event) {
      var option = picker.options[picker.selectedIndex];
      if (!option || !option.dataset.html) { return; }
      event.preventDefault();
      editor.insertAtCursor(option.dataset.html, false);
    });
  }

  // Queue: refresh the table every 30 s without a reload; preview a ticket on click.
  var queue = document.getElementById("queue");
  if (queue && window.fetch) {
    window.setInterval(function () {
      if (document.hidden) { return; }
      fetch(queue.dataset.refresh, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) { if (html) { queue.innerHTML = html; } });
    }, 30000);
    var preview = document.getElementById("preview");
    queue.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-preview]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      fetch(link.dataset.preview, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (html === null) { window.location = link.href; return; }
        preview.innerHTML = html;
        preview.classList.add("open");
        // On a phone the panel is below the list: bring it into view.
        preview.scrollIntoView({ block: "nearest" });
      });
    });
  }
})();

// ---- Snippet panel: search in the background, click a result to paste it -----------
(function () {
  "use strict";
  var input = document.getElementById("snippet-q");
  var results = document.getElementById("snippet-results");
  var editor = document.getElementById("reply-editor");
  if (!input || !results || !window.fetch) { return; }
  function search(event) {
    if (event) { event.preventDefault(); }
    fetch(input.dataset.url + "?q=" + encodeURIComponent(input.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#snippet-results");
        if (fresh) { results.replaceWith(fresh); results = fresh; }
      });
  }
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(event); } });
  var button = document.getElementById("snippet-search");
  if (button) { button.addEventListener("click", search); }
  document.addEventListener("click", function (event) {
    var insert = event.target.closest && event.target.closest(".snippet-insert");
    if (!insert || !editor) { return; }
    event.preventDefault();
    editor.insertAtCursor(insert.closest(".snippet").dataset.html, false);
  });
})();

// ---- Inline images: a button per chosen image writes the [image: NAME] token ----
(function () {
  "use strict";
  var editor = document.getElementById("reply-editor");
  var form = document.getElementById("reply");
  var input = form && form.querySelector("input[type=file]");
  if (!editor || !input) { return; }
  var holder = document.createElement("p");
  holder.className = "inline-images";
  input.parentNode.appendChild(holder);
  input.addEventListener("change", function () {
    holder.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) { return; }
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button secondary";
      b.textContent = "+ " + file.name;
      b.addEventListener("click", function () {
        // A token, not an <img>: the image exists only after upload; the server turns it
        // into the inline picture (and the CSP never sees a cid: URL in the editor).
        editor.insertAtCursor("[image: " + file.name + "]", true);
      });
      holder.appendChild(b);
    });
  });
})();
