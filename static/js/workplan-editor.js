/*
 * The work plan editor in the browser: htmx does the requests and swaps; this file adds what
 * htmx does not do by itself.
 *
 * - The server answers a form with errors 422, a save over someone else's change 409, and an
 *   edit of a frozen plan 403, each with content to show; htmx only swaps 2xx by default.
 * - After a change the whole table is swapped; the keyboard focus goes back to the control the
 *   server names (data-emg-focus), e.g. the "Move up" button just pressed, and a newly shown form
 *   gets the focus on its first field (or its first field in error).
 * - Each item has one link to its actions (a page of their own without JavaScript); here the
 *   actions are fetched in place of the link, and the focus goes to the first of them, "Edit".
 *   A form cancelled gives the focus back to the link or button it was opened from.
 * - Any other failure shows the page's own message (data-emg-error) above the table.
 * - Tab goes from activity to activity: the links to the actions of an activity's milestones
 *   leave the Tab order, and the arrow keys move between them and the activity's own link (the
 *   pattern of a toolbar). Without this script every link is in the Tab order.
 * - An outcome's activities fold away with its "Hide activities" button; the outcomes folded
 *   stay folded when the table comes back after a change.
 * - Drag and drop (SortableJS) is an addition to the move buttons: dropping an item, by the
 *   handle this file gives it, posts the new order of its list to the list's data-reorder-url;
 *   the table comes back renumbered.
 */
(function () {
  "use strict";

  // htmx makes what it swapped in work (its links boosted, its buttons known to the form they
  // submit) only once it settles, 20 ms later by default, for transitions this page does not
  // have; a move button pressed within that time would post to the wrong address.
  htmx.config.defaultSettleDelay = 0;

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

  // What gets the focus once htmx has settled what it just fetched (and made its controls
  // work): an item's first action, or the link a cancelled form was opened from.
  var focusNext = "";

  function focusAfterSwap() {
    var table = document.getElementById("plan-table");
    var wanted = table && table.getAttribute("data-emg-focus");
    var control = null;
    if (wanted) {
      table.removeAttribute("data-emg-focus");
      control = document.getElementById(wanted);
    } else if (focusNext) {
      control = document.querySelector(focusNext);
    }
    focusNext = "";
    if (control) {
      control.focus();
      return;
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

  // A handle to drag each item by, at the start of its line: written here rather than by the
  // server, as it serves only where this script runs.
  function addHandles(list) {
    var table = document.getElementById("plan-table");
    var title = table ? table.getAttribute("data-emg-drag") : "";
    Array.prototype.forEach.call(list.children, function (item) {
      var body = item.hasAttribute("data-id") && document.getElementById(item.id + "-body");
      if (!body) {
        return;
      }
      var handle = document.createElement("span");
      handle.className = "emg-wp-drag-handle";
      handle.title = title;
      handle.setAttribute("aria-hidden", "true");
      handle.textContent = "\u283F";
      (body.querySelector(".emg-wp-line-text") || body).prepend(handle);
    });
  }

  function makeSortable(root) {
    root.querySelectorAll("[data-reorder-url]").forEach(function (list) {
      if (list.hasAttribute("data-emg-sortable")) {
        return;
      }
      list.setAttribute("data-emg-sortable", "");
      addHandles(list);
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

  // One listener for every item's link to its actions, rather than attributes on each of them.
  function showActions(event) {
    var link = event.target.closest && event.target.closest("a.emg-wp-actions");
    if (!link || event.button > 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    focusNext = "#" + link.closest("[data-id]").id + "-edit";
    htmx.ajax("GET", link.getAttribute("href"), { source: link, target: link, swap: "outerHTML" });
  }

  // A cancelled form or confirmation gives the focus back to where it was opened from: the
  // item's link to its actions, or the button that opened a new item's form ("new-activity-5"),
  // or for a step ("new-milestone-5-12") the link to the actions of the milestone above it.
  function focusOnCancel(event) {
    var cancel = event.target.closest && event.target.closest("[data-emg-cancel]");
    if (!cancel) {
      return;
    }
    var slot = cancel.closest("form").id.replace(/-(form|body)$/, "");
    var step = /^new-milestone-\d+-(\d+)$/.exec(slot);
    if (step) {
      focusNext = "#milestone-" + step[1] + " .emg-wp-actions";
    } else if (slot.indexOf("new-") === 0) {
      focusNext = "#" + slot + "-button";
    } else {
      focusNext = "#" + slot + " .emg-wp-actions";
    }
  }

  // The links to an activity's actions and to its milestones' actions, in reading order.
  function actionLinks(activity) {
    return Array.prototype.filter.call(
      activity.querySelectorAll("a.emg-wp-actions"),
      function (link) {
        return link.closest(".emg-wp-activity") === activity;
      }
    );
  }

  function rovingActions(root) {
    var hint = document.querySelector(".emg-wp-keys");
    if (hint) {
      hint.hidden = false;
    }
    root.querySelectorAll(".emg-wp-milestone a.emg-wp-actions").forEach(function (link) {
      link.setAttribute("tabindex", "-1");
    });
  }

  function moveAmongActions(event) {
    var link = event.target.closest && event.target.closest("a.emg-wp-actions");
    var activity = link && link.closest(".emg-wp-activity");
    if (!activity || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) {
      return;
    }
    var links = actionLinks(activity);
    var next = links[links.indexOf(link) + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  // The outcomes whose activities are folded away, by id: the table is swapped after every
  // change, and they stay folded.
  var folded = new Set();

  function showFolding(outcome, fold) {
    var toggle = outcome.querySelector(".emg-wp-toggle");
    outcome.classList.toggle("emg-wp-folded", fold);
    toggle.setAttribute("aria-expanded", fold ? "false" : "true");
  }

  function prepareFolding(root) {
    root.querySelectorAll(".emg-wp-outcome").forEach(function (outcome) {
      var toggle = outcome.querySelector(".emg-wp-toggle");
      if (!toggle) {
        return;
      }
      toggle.hidden = false;
      showFolding(outcome, folded.has(outcome.getAttribute("data-id")));
    });
  }

  function fold(event) {
    var toggle = event.target.closest && event.target.closest(".emg-wp-toggle");
    if (!toggle) {
      return;
    }
    var outcome = toggle.closest(".emg-wp-outcome");
    var id = outcome.getAttribute("data-id");
    if (folded.has(id)) {
      folded.delete(id);
    } else {
      folded.add(id);
    }
    showFolding(outcome, folded.has(id));
  }

  document.addEventListener("click", showActions);
  document.addEventListener("click", fold);
  document.addEventListener("keydown", moveAmongActions);
  document.addEventListener("click", focusOnCancel);
  document.addEventListener("htmx:responseError", showFailure);
  document.addEventListener("htmx:sendError", showFailure);

  htmx.onLoad(function (content) {
    var root = content.querySelectorAll ? content : document;
    makeSortable(root);
    rovingActions(root);
    prepareFolding(root);
  });
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
})();
