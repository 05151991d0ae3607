// Upload progress: HTMX reports the bytes sent; the bar shows them.
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", (event) => {
    const bar = document.getElementById("upload-progress");
    if (bar && event.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = (event.detail.loaded / event.detail.total) * 100;
    }
  });
})();
