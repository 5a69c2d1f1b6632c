/*
 * The work plan editor in the browser: htmx does the requests and swaps; this file adds what
 * htmx does not do by itself.
 *
 * - The server answers a form with errors 422, a save over someone else's change 409, and an
 *   edit of a frozen plan 403, each with content to show; htmx only swaps 2xx by default.
 * - After a change the whole table is swapped; the keyboard focus goes back to the control the
 *   server names (data-emg-focus), e.g. the "Move up" button just pressed, and a newly shown form
 *   gets the focus on its first field (or its first field in error).
 * - Any other failure shows the page's own message (data-emg-error) above the table.
 * - Drag and drop (SortableJS) is an addition to the move buttons: dropping an item posts the
 *   new order of its list to the list's data-reorder-url; the table comes back renumbered.
 */
(function () {
  "use strict";

  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "^(403|409|422)$", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
  ];

  function csrfHeaders() {
    var holder = document.getElementById("workplan");
    var headers = holder && holder.getAttribute("hx-headers");
    return headers ? JSON.parse(headers) : {};
  }

  function focusAfterSwap() {
    var table = document.getElementById("plan-table");
    var wanted = table && table.getAttribute("data-emg-focus");
    if (wanted) {
      table.removeAttribute("data-emg-focus");
      var control = document.getElementById(wanted);
      if (control) {
        control.focus();
        return;
      }
    }
    var form = document.querySelector("[data-emg-fresh]");
    if (form) {
      form.removeAttribute("data-emg-fresh");
      var field =
        form.querySelector(".is-invalid") ||
        form.querySelector("input:not([type=hidden]), select, textarea, button");
      if (field) {
        field.focus();
      }
    }
  }

  function itemIds(list) {
    return Array.prototype.filter
      .call(list.children, function (element) {
        return element.hasAttribute("data-id");
      })
      .map(function (element) {
        return element.getAttribute("data-id");
      });
  }

  function postOrder(list) {
    var values = { item: itemIds(list) };
    if (list.hasAttribute("data-parent")) {
      values.parent = list.getAttribute("data-parent");
    }
    htmx.ajax("POST", list.getAttribute("data-reorder-url"), {
      source: list,
      target: "#plan-table",
      swap: "outerHTML",
      values: values,
      headers: csrfHeaders(),
    });
  }

  function makeSortable(root) {
    root.querySelectorAll("[data-reorder-url]").forEach(function (list) {
      if (list.hasAttribute("data-emg-sortable")) {
        return;
      }
      list.setAttribute("data-emg-sortable", "");
      Sortable.create(list, {
        group: list.getAttribute("data-group"),
        handle: ".emg-wp-drag-handle",
        draggable: "[data-id]",
        animation: 150,
        // Pointer events rather than the browser's native drag and drop: the same behaviour with
        // a mouse, a pen or a finger, and inside table cells.
        forceFallback: true,
        onEnd: function (event) {
          if (event.from === event.to && event.oldIndex === event.newIndex) {
            return;
          }
          postOrder(event.to);
        },
      });
    });
  }

  // Anything else that goes wrong (the item deleted meanwhile, the session ended, the network):
  // a message from the page, in the page's language; the form and what was typed stay.
  function showFailure() {
    var region = document.getElementById("editor-messages");
    if (!region) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger py-2";
    alert.setAttribute("role", "alert");
    alert.textContent = region.getAttribute("data-emg-error");
    region.replaceChildren(alert);
  }

  document.addEventListener("htmx:responseError", showFailure);
  document.addEventListener("htmx:sendError", showFailure);

  htmx.onLoad(function (content) {
    makeSortable(content.querySelectorAll ? content : document);
  });
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
})();
