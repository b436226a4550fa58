// The settle form's rating follows its verdict: only the ratings of the chosen verdict can be
// picked, and when the chosen one stands for another verdict, that verdict's first is taken.
// Without this module the server refuses a mismatch with a clear message.
export function linkRatingsToVerdicts() {
  document.querySelectorAll("form.settle-form").forEach((form) => {
    const select = form.querySelector("select.rating-choice");
    if (!select) return;
    const follow = () => {
      const verdict = form.querySelector("input[name=verdict]:checked")?.value;
      if (!verdict) return;
      select.querySelectorAll("optgroup").forEach((group) => {
        const other = group.dataset.verdict !== verdict;
        group.disabled = other;
        group.hidden = other;
      });
      const chosen = select.selectedOptions[0];
      if (chosen?.value && chosen.dataset.verdict !== verdict) {
        const first = select.querySelector(`option[data-verdict="${verdict}"]`);
        select.value = first ? first.value : "";
      }
    };
    form.querySelectorAll("input[name=verdict]").forEach((radio) => {
      radio.addEventListener("change", follow);
    });
    follow();
  });
}
