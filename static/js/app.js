// Site-wide behaviour without inline scripts (keeps a strict Content-Security-Policy possible).
document.addEventListener("change", function (event) {
  if (event.target.matches(".js-autosubmit")) {
    event.target.form.submit();
  }
});
document.addEventListener("submit", function (event) {
  // A confirmation on the form, or on the button that submitted it.
  var message =
    (event.submitter && event.submitter.getAttribute("data-confirm")) ||
    event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// Formsets: a button with data-formset-add="<prefix>" clones <template id="<prefix>-empty">
// into #<prefix>-rows, replacing __prefix__ with the next index and bumping TOTAL_FORMS.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  var prefix = button.getAttribute("data-formset-add");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var rows = document.getElementById(prefix + "-rows");
  if (!total || !template || !rows) {
    return;
  }
  var index = parseInt(total.value, 10);
  var wrapper = document.createElement("div");
  wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, index);
  while (wrapper.firstElementChild) {
    rows.appendChild(wrapper.firstElementChild);
  }
  total.value = index + 1;
  if (window.htmx) {
    window.htmx.process(rows); // the new row's htmx attributes (the indicator coach)
  }
  var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, textarea, input");
  if (first) {
    first.focus();
  }
});

// A "Print" button (recovery codes): no inline handler under the Content-Security-Policy.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Term help (core/glossary.py): a button opens its popover by click, touch or Enter/Space; one
// at a time; Escape or a click elsewhere closes it. Delegated, so rows added later work too.
// The popover sits right after its button, so Tab reaches the guide link inside it.
(function () {
  var open = null;
  function close() {
    if (open) {
      bootstrap.Popover.getOrCreateInstance(open).hide();
      open = null;
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".term-help-button");
    if (button) {
      event.preventDefault();
      if (open === button) {
        close();
        return;
      }
      close();
      bootstrap.Popover.getOrCreateInstance(button, {
        trigger: "manual",
        container: button.parentNode,
        placement: "bottom",
      }).show();
      open = button;
      return;
    }
    if (open && !event.target.closest(".popover")) {
      close();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      var button = open;
      close();
      button.focus();
    }
  });
})();

// The indicator coach's "Use" (templates/indicators/_coach.html): the library's wording goes into
// the row's indicator field, which is then checked again.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-coach-use]");
  if (!button) {
    return;
  }
  var field = button.closest("fieldset").querySelector("textarea[name$='-indicator']");
  if (field) {
    field.value = button.getAttribute("data-coach-use");
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }
});

// A searchable select (core/widgets.py) keeps the choice made while its search was on its way:
// the search's options replace the list, and the chosen one stays chosen (put back at the top
// when the new list lacks it), never silently lost.
document.addEventListener("htmx:beforeSwap", function (event) {
  var select = event.detail.target;
  if (select instanceof HTMLSelectElement && select.closest(".searchable-select")) {
    var chosen = select.options[select.selectedIndex];
    select._keptOption = chosen && chosen.value ? chosen.cloneNode(true) : null;
  }
});
document.addEventListener("htmx:afterSwap", function (event) {
  var select = event.detail.target;
  var kept = select && select._keptOption;
  if (!kept) {
    return;
  }
  select._keptOption = null;
  var same = Array.prototype.find.call(select.options, function (option) {
    return option.value === kept.value;
  });
  if (!same) {
    select.insertBefore(kept, select.options[0] && select.options[0].value === "" ? select.options[1] : select.options[0]);
    same = kept;
  }
  same.selected = true;
});
