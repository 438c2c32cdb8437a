/* Issue 20 (R-ATT-3): a check-in photo is made smaller on the phone before it is sent.
   A phone camera's picture is several MB; on a weak connection at the point that upload
   is what makes a check-in slow or fail. When a picture is chosen, it is drawn upright on
   a canvas at most MAX_SIDE px long and put back into the same file input as a JPEG
   (quality 0.8), so the form sends the small one. The canvas keeps no EXIF (no GPS).
   The server checks, turns, downscales and stamps the photo again whatever arrives; if
   the phone cannot do this (old browser), the original is sent. The submit buttons wait
   while the picture is being made smaller. */
(function () {
  "use strict";
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var SMALL_ENOUGH = 1024 * 1024; // a picture already this small and narrow is left alone

  function decode(file) {
    // createImageBitmap applies the EXIF orientation ("from-image"); an <img> does too.
    if (window.createImageBitmap) {
      return createImageBitmap(file, {imageOrientation: "from-image"}).catch(function () {
        return decodeWithImg(file);
      });
    }
    return decodeWithImg(file);
  }

  function decodeWithImg(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function shrink(file) {
    return decode(file).then(function (picture) {
      var width = picture.width, height = picture.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      if (scale === 1 && file.size <= SMALL_ENOUGH) { return null; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG becomes white, not black
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(picture, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", QUALITY);
      });
    }).then(function (blob) {
      if (!blob || blob.size >= file.size) { return null; }
      var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
      return new File([blob], name, {type: "image/jpeg", lastModified: Date.now()});
    });
  }

  function setBusy(form, busy) {
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = busy;
    });
    if (busy) { form.setAttribute("data-photo-busy", "1"); }
    else { form.removeAttribute("data-photo-busy"); }
  }

  document.querySelectorAll("input[type=file][data-downscale], #id_photo").forEach(
    function (input) {
      var form = input.form;
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file || !/^image\//.test(file.type || "image/")) { return; }
        if (form) { setBusy(form, true); }
        shrink(file).then(function (small) {
          if (!small || !window.DataTransfer) { return; }
          var transfer = new DataTransfer();
          transfer.items.add(small);
          input.files = transfer.files; // setting files fires no change event: no loop
          input.setAttribute("data-downscaled", String(small.size));
        }).catch(function () {
          // the original is sent; the server downscales it
        }).then(function () {
          if (form) { setBusy(form, false); }
        });
      });
    }
  );
})();
