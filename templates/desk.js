// The desk's register filters: by owner and by status, remembered in the address
// (?owner=...&status=...) so a bookmark opens the same view. Without script the whole
// register shows and the filters stay hidden.
(function () {
  "use strict";
  const filters = document.querySelector("[data-filters]");
  const rows = Array.from(document.querySelectorAll("table.register tbody tr"));
  if (!filters || rows.length === 0) return;
  const owner = document.getElementById("filter-owner");
  const status = document.getElementById("filter-status");
  const count = document.getElementById("filter-count");

  function matches(row) {
    const state = row.dataset.status;
    const byOwner = !owner.value || row.dataset.owner === owner.value;
    const byStatus =
      !status.value ||
      state === status.value ||
      (status.value === "unfinished" && (state === "open" || state === "in-progress")) ||
      (status.value === "overdue" && row.classList.contains("overdue"));
    return byOwner && byStatus;
  }

  function apply() {
    let shown = 0;
    for (const row of rows) {
      row.hidden = !matches(row);
      if (!row.hidden) shown += 1;
    }
    count.textContent = "Showing " + shown + " of " + rows.length + " follow-ups";
    const query = new URLSearchParams();
    if (owner.value) query.set("owner", owner.value);
    if (status.value) query.set("status", status.value);
    const search = query.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (error) {
      // Some browsers refuse to change a file: address; the filters work all the same.
    }
  }

  function choose(select, value) {
    if (value && Array.from(select.options).some((o) => o.value === value)) select.value = value;
  }

  const asked = new URLSearchParams(location.search);
  choose(owner, asked.get("owner"));
  choose(status, asked.get("status"));
  owner.addEventListener("change", apply);
  status.addEventListener("change", apply);
  filters.hidden = false;
  apply();
})();
