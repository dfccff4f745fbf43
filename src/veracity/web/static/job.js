// Follows an ingest job: polls its JSON twin and reloads the page when the job ends.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.state === "finished" || box.dataset.state === "failed") return;
  var id = box.dataset.job;
  function poll() {
    fetch("/jobs/" + encodeURIComponent(id) + ".json", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        document.getElementById("job-state").textContent = job.state;
        document.getElementById("job-done").textContent = job.done;
        document.getElementById("job-total").textContent = job.total;
        var bar = document.getElementById("job-progress");
        bar.max = job.total || 1;
        bar.value = job.done;
        if (job.state === "finished" || job.state === "failed") window.location.reload();
        else window.setTimeout(poll, 800);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
