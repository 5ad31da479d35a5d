// The verification page (accounts/verification): a chosen or dropped PDF is hashed here with
// SubtleCrypto and only its SHA-256 is sent, so the file stays on the device. Where the browser
// offers no SubtleCrypto (a plain-http address), the file itself is sent and the server compares.
(function () {
  "use strict";
  var form = document.getElementById("verify-form");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var digestField = form.querySelector("input[name=sha256]");
  var zone = document.getElementById("verify-drop");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var subtle = window.crypto && window.crypto.subtle;

  function show(id) {
    ["verify-too-big", "verify-not-pdf"].forEach(function (other) {
      document.getElementById(other).hidden = other !== id;
    });
  }

  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      })
      .join("");
  }

  function upload(file) {
    if (input.files[0] !== file) {
      var transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
    }
    form.submit();
  }

  function check(file) {
    show(null);
    digestField.value = "";
    if (!file) {
      return;
    }
    if (file.size > maxBytes) {
      input.value = "";
      show("verify-too-big");
      return;
    }
    if (!subtle) {
      upload(file);
      return;
    }
    file.arrayBuffer().then(function (buffer) {
      var head = new Uint8Array(buffer, 0, Math.min(5, buffer.byteLength));
      if (String.fromCharCode.apply(null, head) !== "%PDF-") {
        input.value = "";
        show("verify-not-pdf");
        return;
      }
      return subtle.digest("SHA-256", buffer).then(function (digest) {
        digestField.value = hex(digest);
        input.value = ""; // only the fingerprint leaves the device
        form.submit();
      });
    });
  }

  input.addEventListener("change", function () {
    check(input.files[0]);
  });
  form.addEventListener("submit", function (event) {
    if (input.files[0] && subtle) {
      event.preventDefault();
      check(input.files[0]);
    }
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("is-over");
    });
  });
  zone.addEventListener("dragleave", function () {
    zone.classList.remove("is-over");
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("is-over");
    check(event.dataTransfer.files[0]);
  });
})();
