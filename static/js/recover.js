/* 查詢帳號/密碼: show only the field the chosen channel needs (without script both stay visible).
   A static file, not an inline script: the Content-Security-Policy allows no inline script. */
(function () {
  var form = document.querySelector(".account-form");
  if (!form) return;
  function sync() {
    var channel = form.querySelector("input[name=channel]:checked");
    var sms = channel && channel.value === "sms";
    document.getElementById("id_email").closest("div").hidden = sms;
    document.getElementById("id_mobile").closest("div").hidden = !sms;
  }
  form.addEventListener("change", sync);
  sync();
})();
