// The tutorial's practice items: 【不作答】 clears the choice (nothing is saved).
for (const button of document.querySelectorAll("button.clear[data-name]")) {
  button.addEventListener("click", () => {
    for (const radio of document.querySelectorAll(`input[name="${button.dataset.name}"]`)) radio.checked = false;
  });
}
